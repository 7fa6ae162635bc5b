namespace Tessera.Conformance.Model;

/// <summary>The timers SPEC.md makes a server keep per session.</summary>
internal enum TimerKind
{
    /// <summary>exp - expiring_notice: push token_expiring (EXP-5).</summary>
    Expiring,

    /// <summary>exp + leeway: leave ACTIVE (EXP-1, EXP-2, EXP-4 with grace 0).</summary>
    Expiry,

    /// <summary>exp + leeway + expiry_grace: terminate an EXPIRED session (EXP-4).</summary>
    GraceEnd,

    /// <summary>disconnect_grace without a watcher: terminate with DISCONNECTED (EVT-6).</summary>
    Disconnect,
}
