using Tessera.Server.Scheduling;

namespace Tessera.Server.Sessions;

/// <summary>Timers coming due (EXP-1 to EXP-5, EVT-6, END-3).</summary>
internal sealed partial class SessionRegistry
{
    /// <summary>
    /// Called by the scheduler, one firing at a time in due order. With the manual
    /// clock this runs inside <c>Advance</c> with the clock at the due time, and the
    /// store hands the resulting events to the watchers before it returns (CLK-3).
    /// </summary>
    private void OnTimerDue(TimerFiring firing) => FireTimer(firing);

    /// <summary>
    /// Applies a timer another node armed and did not fire within its lease (a
    /// multi-node store's takeover, issue 11). The store acts only while the firing's
    /// generation is still armed, so a timer fired twice acts once.
    /// </summary>
    public void FireTimer(TimerFiring firing) => Apply(_store.ApplyTimer(firing.SessionId, firing.Kind, firing.Generation, _time.GetUtcNow()));

    /// <summary>
    /// Schedules the timers and reports the transitions of a store operation this
    /// registry did not start itself (a multi-node store's background work, issue 11).
    /// </summary>
    public void Adopt(Storage.StoreOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Apply(outcome);
    }
}
