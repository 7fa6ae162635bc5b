namespace Tessera.Server.Scheduling;

/// <summary>What a session timer does when it fires. A session has at most one armed timer per kind.</summary>
internal enum TimerKind
{
    /// <summary>exp - expiring_notice: push token_expiring (EXP-5).</summary>
    ExpiringNotice = 0,

    /// <summary>exp + leeway: leave ACTIVE (EXP-1, EXP-2; EXP-4 with grace 0).</summary>
    Expire = 1,

    /// <summary>exp + leeway + expiry_grace: terminate an EXPIRED session (EXP-4).</summary>
    Terminate = 2,

    /// <summary>disconnect_grace after the last watcher left (or the start): terminate DISCONNECTED (EVT-6).</summary>
    Disconnect = 3,

    /// <summary>terminated_retention after termination: forget the session (END-3); the in-memory store arms one for all sessions.</summary>
    RetentionEnd = 4,
}
