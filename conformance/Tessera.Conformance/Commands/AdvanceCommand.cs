using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Moves time: AdvanceTime on the test clock, a wait on the real clock.
/// Deadline advances land exactly on the model's pending deadlines, one tick
/// before or after them, which is where off-by-one timers show (EXP-1 to
/// EXP-5, EVT-6, END-3, CLK-3).
/// </summary>
internal sealed record AdvanceCommand : Command
{
    /// <summary>How far the advance goes; no default, there is no ordinary one.</summary>
    public required AdvanceKind Kind { get; init; }

    /// <summary>Quarter units for <see cref="AdvanceKind.Units"/>, which deadline and which side of it for <see cref="AdvanceKind.Deadline"/>; 0 by default.</summary>
    public int Amount { get; init; }

    /// <summary>The longest single wait with the real clock.</summary>
    private static readonly TimeSpan RealClockCap = TimeSpan.FromSeconds(15);

    // One file: (a) is how far to move, below; the clock driver moves the
    // target and (d) the model, whose timers are (b) the prediction; the events
    // are judged after the step and (c) the moved sessions read back.
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var model = context.Model;
        var (by, what) = HowFar(context);
        step.Command = $"advance {Format.Duration(by)}{what}";
        var before = model.Sessions.Select(session => session.State).ToList();
        await context.Clock.AdvanceAsync(context, step, by).ConfigureAwait(false);
        if (!context.Settings.ExactClock || step.Failed || model.Ambiguity is not null)
        {
            // With the real clock a read right at a deadline cannot be judged to the tick; events still are.
            return;
        }

        ReadBackMoved(before, context);
    }

    /// <summary>Job (a): the time to move by, and how the step describes it.</summary>
    private (TimeSpan By, string What) HowFar(SequenceContext context)
    {
        var model = context.Model;
        var unit = context.Settings.Unit;
        var amount = Math.Abs(Amount);
        TimeSpan by;
        string what;
        var deadlines = model.PendingDeadlines();
        if (Kind == AdvanceKind.Deadline && deadlines.Count > 0)
        {
            // amount % 3: on the deadline, one tick before, one tick after.
            var deadline = deadlines[amount / 3 % deadlines.Count];
            var offset = context.Settings.ExactClock ? (amount % 3) switch { 1 => -1, 2 => 1, _ => 0 } : 0;
            by = deadline - model.Now + TimeSpan.FromTicks(offset);
            what = $" (to deadline {Format.Time(deadline)}{(offset < 0 ? " - 1tick" : offset > 0 ? " + 1tick" : "")})";
        }
        else if (Kind == AdvanceKind.PastRetention)
        {
            by = context.Profile.TerminatedRetention + unit;
            what = " (past terminated_retention)";
        }
        else if (Kind is AdvanceKind.Notice or AdvanceKind.Expiry && model.Sessions.Count > 0)
        {
            var newest = model.Sessions[^1];
            var to = Kind == AdvanceKind.Notice ? newest.ExpiresAt - context.Profile.ExpiringNotice : newest.ExpiresAt + context.Profile.Leeway;
            by = to - model.Now;
            what = Kind == AdvanceKind.Notice ? $" (to {newest.Name}'s exp - expiring_notice)" : $" (to {newest.Name}'s exp + leeway)";
        }
        else if (Kind == AdvanceKind.DisconnectGrace)
        {
            by = context.Profile.DisconnectGrace;
            what = " (disconnect_grace)";
        }
        else
        {
            by = TimeSpan.FromTicks(unit.Ticks * Math.Max(1, amount) / 4);
            what = "";
        }

        if (by <= TimeSpan.Zero)
        {
            by = TimeSpan.FromTicks(1);
        }

        if (!context.Settings.ExactClock && by > RealClockCap)
        {
            by = RealClockCap;
        }

        return (by, what);
    }

    /// <summary>
    /// Job (c): a timer that fired moved its session: read each moved one back
    /// in this step, so a skipped move is caught here even when nothing watches it.
    /// </summary>
    private static void ReadBackMoved(List<ModelSessionState> before, SequenceContext context)
    {
        var model = context.Model;
        for (var i = 0; i < before.Count; i++)
        {
            var session = model.Sessions[i];
            if (session.State != before[i])
            {
                context.ReadBackLater(session, session.IsLive ? [Req.EXP_1, Req.EXP_2] : session.TerminationIds, "after the timer");
            }
        }
    }

    public override IEnumerable<Command> Simplify()
    {
        if (Kind == AdvanceKind.PastRetention)
        {
            yield return new AdvanceCommand { Kind = AdvanceKind.Deadline };
        }

        if (Amount > 1)
        {
            yield return this with { Amount = Amount / 2 };
        }
    }

    public override string ToString() => $"advance({Kind}, {Amount})";
}
