namespace Tessera.Conformance.Commands;

/// <summary>How far an advance goes.</summary>
internal enum AdvanceKind
{
    /// <summary>A quarter unit times the amount.</summary>
    Units,

    /// <summary>To a pending deadline: one tick before, on it, or one tick after (test clock).</summary>
    Deadline,

    /// <summary>Past terminated_retention (END-3).</summary>
    PastRetention,

    /// <summary>To the newest session's exp - expiring_notice (EXP-5); one tick when that has passed. Scenarios only.</summary>
    Notice,

    /// <summary>To the newest session's exp + leeway (EXP-1). Scenarios only.</summary>
    Expiry,

    /// <summary>By disconnect_grace (EVT-6): from a drop, exactly to the deadline. Scenarios only.</summary>
    DisconnectGrace,
}
