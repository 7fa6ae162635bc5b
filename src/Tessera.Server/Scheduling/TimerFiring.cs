namespace Tessera.Server.Scheduling;

/// <summary>A timer that fell due: handed to the scheduler's handler, which applies it to the store.</summary>
internal readonly record struct TimerFiring(string SessionId, TimerKind Kind, ulong Generation, DateTimeOffset Due);
