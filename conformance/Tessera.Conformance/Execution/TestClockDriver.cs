using Tessera.Conformance.Target;
using Tessera.Conformance.Model;
using Tessera.Protocol;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Drives the target's TestClockService: time moves only when a command says
/// so, and the model knows the target's clock to the tick (CLK-2, CLK-3).
/// </summary>
internal sealed class TestClockDriver : IClockDriver
{
    public async Task<DateTimeOffset> StartAsync(SequenceContext context)
    {
        var time = await context.Connection.GetTimeAsync(context.Cancellation).ConfigureAwait(false);
        if (!time.IsOk || time.Response?.Now is null)
        {
            throw new TargetUnusableException($"the test clock's GetTime failed: {time.Describe()}");
        }

        // Whole seconds make every generated instant exact in JSON, in a
        // double and in 100 ns ticks alike.
        var now = time.Response.Now.AsTime() ?? throw new TargetUnusableException("the test clock's GetTime answered a timestamp outside google.protobuf.Timestamp's range");
        var fraction = now.UtcTicks % TimeSpan.TicksPerSecond;
        if (fraction == 0)
        {
            return now;
        }

        var by = TimeSpan.FromTicks(TimeSpan.TicksPerSecond - fraction);
        var advanced = await context.Connection.AdvanceTimeAsync(by, context.Cancellation).ConfigureAwait(false);
        if (!advanced.IsOk || advanced.Response?.Now is null)
        {
            throw new TargetUnusableException($"the test clock's AdvanceTime failed: {advanced.Describe()}");
        }

        return advanced.Response.Now.AsTime() ?? throw new TargetUnusableException("the test clock's AdvanceTime answered a timestamp outside google.protobuf.Timestamp's range");
    }

    public async Task AdvanceAsync(SequenceContext context, StepRecord step, TimeSpan by)
    {
        var model = context.Model;
        var target = model.Now + by;
        var answer = await context.Connection.AdvanceTimeAsync(by, context.Cancellation).ConfigureAwait(false);
        step.Expected.Add("OK now=" + Format.Time(target));
        step.Actual.Add(answer.IsOk ? "OK now=" + Format.Time(answer.Response?.Now.AsTime()) : answer.Describe());
        if (!answer.IsOk)
        {
            step.Findings.Add(new Finding([Req.CLK_3, Req.CLK_4], $"AdvanceTime({Format.Duration(by)}) failed: {answer.Describe()}"));
            return;
        }

        var reported = answer.Response?.Now.AsTime();
        if (reported != target)
        {
            step.Findings.Add(new Finding([Req.CLK_2], $"AdvanceTime({Format.Duration(by)}) from {Format.Time(model.Now)} answered now={Format.Time(reported)}, expected {Format.Time(target)}"));
        }

        model.AdvanceTo(target);
    }

    public Task BeforeCommandAsync(SequenceContext context, StepRecord step) => Task.CompletedTask;
}
