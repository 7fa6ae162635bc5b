namespace Tessera.Server.Scheduling;

/// <summary>
/// A change to one session timer, produced atomically with a state change by the
/// session store: arm (<see cref="Due"/> set) or cancel (<see cref="Due"/> null).
/// <see cref="Generation"/> grows with every timer change of the session, so a
/// request that reaches the scheduler after a newer one for the same timer is
/// recognised as older and ignored, and a firing whose generation is no longer the
/// armed one is ignored by the store.
/// </summary>
internal readonly record struct TimerRequest(string SessionId, TimerKind Kind, ulong Generation, DateTimeOffset? Due)
{
    public bool IsCancel => Due is null;
}
