using Tessera.Conformance.Target;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>AdvanceTime.by must be positive and at most 366 days (CLK-4); the limit itself is allowed.</summary>
internal sealed record ClockBoundsCommand : Command
{
    /// <summary>Which by, modulo 4: 0 s, -1 s, the limit plus a tick, the limit.</summary>
    public required int Which { get; init; }

    private static readonly TimeSpan Limit = TimeSpan.FromDays(366);

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var (by, name) = (Which % 4) switch
        {
            0 => (TimeSpan.Zero, "0s"),
            1 => (TimeSpan.FromSeconds(-1), "-1s"),
            2 => (Limit + TimeSpan.FromTicks(1), "366 days + 1 tick"),
            _ => (Limit, "366 days"),
        };
        step.Command = $"AdvanceTime by {name}";
        var accepted = by > TimeSpan.Zero && by <= Limit;
        var answer = await context.Connection.AdvanceTimeAsync(by, context.Cancellation).ConfigureAwait(false);
        var expected = accepted ? Expectation.Ok(Req.CLK_4) : Expectation.Fail(ErrorReasons.InvalidRequest, Req.CLK_4);
        var matched = context.Judge(step, expected, answer);
        if (answer.IsOk)
        {
            // Whatever the verdict, the model follows the target's clock.
            context.Model.AdvanceTo(answer.Response?.Now.AsTime() ?? context.Now + by);
        }

        if (matched == "OK" && answer.Response?.Now.AsTime() is { } now && now != context.Now)
        {
            step.Findings.Add(new Finding([Req.CLK_2], $"AdvanceTime by {name} answered now={Format.Time(now)}"));
        }
    }

    public override string ToString() => $"clock-bounds({Which})";
}
