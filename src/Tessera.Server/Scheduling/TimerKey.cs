namespace Tessera.Server.Scheduling;

/// <summary>Identifies one timer slot: a session has at most one timer per kind.</summary>
internal readonly record struct TimerKey(string SessionId, TimerKind Kind);
