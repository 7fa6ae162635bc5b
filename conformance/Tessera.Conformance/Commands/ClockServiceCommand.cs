using Tessera.Conformance.Execution;
using Grpc.Core;
using Tessera.Protocol;

namespace Tessera.Conformance.Commands;

/// <summary>TestClockService is served exactly when GetServerInfo says test_clock_enabled (CLK-1).</summary>
internal sealed record ClockServiceCommand : Command
{
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var enabled = context.Profile.TestClockEnabled;
        step.Command = $"GetTime and AdvanceTime (test_clock_enabled={enabled.ToString().ToLowerInvariant()})";
        var time = await context.Connection.GetTimeAsync(context.Cancellation).ConfigureAwait(false);
        step.Expected.Add(enabled ? "GetTime OK" : "GetTime UNIMPLEMENTED");
        step.Actual.Add("GetTime " + time.Describe());
        if (enabled && !time.IsOk)
        {
            step.Findings.Add(new Finding([Req.CLK_1], $"test_clock_enabled is true but GetTime answered {time.Describe()}"));
        }

        if (!enabled)
        {
            if (time.Code != StatusCode.Unimplemented)
            {
                step.Findings.Add(new Finding([Req.CLK_1], $"test_clock_enabled is false but GetTime answered {time.Describe()}, not UNIMPLEMENTED"));
            }

            // Asking a server without a test clock to move it must change nothing.
            var advance = await context.Connection.AdvanceTimeAsync(TimeSpan.FromSeconds(1), context.Cancellation).ConfigureAwait(false);
            step.Expected.Add("AdvanceTime UNIMPLEMENTED");
            step.Actual.Add("AdvanceTime " + advance.Describe());
            if (advance.Code != StatusCode.Unimplemented)
            {
                step.Findings.Add(new Finding([Req.CLK_1], $"test_clock_enabled is false but AdvanceTime answered {advance.Describe()}, not UNIMPLEMENTED"));
            }
        }
    }

    public override string ToString() => "clock-service";
}
