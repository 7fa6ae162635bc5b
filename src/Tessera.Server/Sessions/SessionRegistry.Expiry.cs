using Tessera.Server.Scheduling;

namespace Tessera.Server.Sessions;

/// <summary>Timers coming due (EXP-1 to EXP-5, EVT-6, END-3).</summary>
public sealed partial class SessionRegistry
{
    /// <summary>
    /// Called by the scheduler, one firing at a time in due order. With the manual
    /// clock this runs inside <c>Advance</c> with the clock at the due time, and the
    /// store hands the resulting events to the watchers before it returns (CLK-3).
    /// </summary>
    private void OnTimerDue(TimerFiring firing) =>
        Apply(_store.ApplyTimer(firing.SessionId, firing.Kind, firing.Generation, _time.GetUtcNow()));
}
