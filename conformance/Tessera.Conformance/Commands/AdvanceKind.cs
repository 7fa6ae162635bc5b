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
}
