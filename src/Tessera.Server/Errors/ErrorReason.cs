namespace Tessera.Server.Errors;

/// <summary>
/// Every ErrorInfo reason the domain can answer with (SPEC.md ERR-2). The wire
/// spelling is the upper-snake name, produced by <see cref="ErrorCatalog"/>.
/// </summary>
public enum ErrorReason
{
    InvalidRequest,
    SessionNotFound,
    SessionTerminated,
    SchemaMismatch,
    TokenInvalid,
    TokenExpired,
    TokenNotYetValid,
    GuestDisabled,
    IdentityMismatch,
    RolesMismatch,
    TokenStale,
    SessionAlreadyActive,
    ResumeUnavailable,

    /// <summary>A watch stream ended because the server is shutting down (EVT-7); resume elsewhere or later.</summary>
    ServerShuttingDown,

    /// <summary>A watch stream fell too far behind its session and was dropped; resume from the last seq seen.</summary>
    WatcherLagging,

    /// <summary>The shared session store cannot be reached (issue 11): nothing was answered from local state; retry later.</summary>
    StoreUnavailable,
}
