using Tessera.Conformance.Target;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;

namespace Tessera.Conformance.Commands;

/// <summary>
/// GetTime is the clock the rules read, and it does not move by itself
/// (CLK-2): two reads some real time apart agree, and GetServerInfo's
/// server_time agrees with them.
/// </summary>
internal sealed record ClockReadCommand : Command
{
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var now = context.Now;
        step.Command = "GetTime, GetServerInfo, wait 100ms of real time, GetTime";
        var first = await context.Connection.GetTimeAsync(context.Cancellation).ConfigureAwait(false);
        var info = await context.Connection.GetServerInfoAsync(context.Cancellation).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromMilliseconds(100), context.Cancellation).ConfigureAwait(false);
        var second = await context.Connection.GetTimeAsync(context.Cancellation).ConfigureAwait(false);
        var t1 = first.Response?.Now.AsTime();
        var t2 = second.Response?.Now.AsTime();
        var serverTime = info.Response?.ServerTime.AsTime();
        step.Expected.Add($"all three = {Format.Time(now)}");
        step.Actual.Add($"GetTime {Format.Time(t1)}, server_time {Format.Time(serverTime)}, GetTime {Format.Time(t2)}");
        if (t1 != now)
        {
            step.Findings.Add(new Finding([Req.CLK_2], $"GetTime answered {Format.Time(t1)} ({first.Describe()}); the clock was {Format.Time(now)} after the last AdvanceTime"));
        }
        else if (t2 != t1)
        {
            step.Findings.Add(new Finding([Req.CLK_2], $"the test clock moved from {Format.Time(t1)} to {Format.Time(t2)} without AdvanceTime"));
        }
        else if (serverTime != t1)
        {
            step.Findings.Add(new Finding([Req.CLK_2, Req.INF_3], $"GetServerInfo.server_time is {Format.Time(serverTime)} while GetTime is {Format.Time(t1)}"));
        }
    }

    public override string ToString() => "clock-read";
}
