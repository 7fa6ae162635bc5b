namespace Tessera.Server.Sessions;

/// <summary>A change in a session's life, reported to <see cref="ISessionLifecycleObserver"/>.</summary>
internal enum SessionTransitionKind
{
    /// <summary>StartSession created it (SES-1, SES-5).</summary>
    Started,

    /// <summary>UpdateSessionToken replaced its token (UPD-5) while ACTIVE.</summary>
    Updated,

    /// <summary>UpdateSessionToken replaced its token and brought it back from EXPIRED (UPD-5).</summary>
    Revived,

    /// <summary>exp + leeway passed (EXP-1); followed by <see cref="Terminated"/> at once when expiry_grace is 0.</summary>
    Expired,

    /// <summary>It became TERMINATED; the snapshot's EndReason says why.</summary>
    Terminated,

    /// <summary>terminated_retention passed and the store forgot it (END-3).</summary>
    Forgotten,
}
