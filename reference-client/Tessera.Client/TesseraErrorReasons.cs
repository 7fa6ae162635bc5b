namespace Tessera.Client;

/// <summary>
/// The reasons a <see cref="TesseraClientException"/> or a session error can
/// carry: the server's ErrorInfo reasons (SPEC.md section ERR), spelled as on
/// the wire, plus a few the client raises itself.
/// </summary>
public static class TesseraErrorReasons
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string SchemaMismatch = "SCHEMA_MISMATCH";
    public const string TokenInvalid = "TOKEN_INVALID";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string TokenNotYetValid = "TOKEN_NOT_YET_VALID";
    public const string TokenStale = "TOKEN_STALE";
    public const string GuestDisabled = "GUEST_DISABLED";
    public const string IdentityMismatch = "IDENTITY_MISMATCH";
    public const string RolesMismatch = "ROLES_MISMATCH";
    public const string SessionTerminated = "SESSION_TERMINATED";
    public const string SessionNotFound = "SESSION_NOT_FOUND";
    public const string SessionAlreadyActive = "SESSION_ALREADY_ACTIVE";
    public const string ResumeUnavailable = "RESUME_UNAVAILABLE";
    public const string WatcherLagging = "WATCHER_LAGGING";
    public const string ServerShuttingDown = "SERVER_SHUTTING_DOWN";

    /// <summary>Client-side: the call needs a live session and the client has none.</summary>
    public const string NoSession = "NO_SESSION";

    /// <summary>Client-side: the token provider threw, was cancelled or returned no token.</summary>
    public const string TokenProviderFailed = "TOKEN_PROVIDER_FAILED";

    /// <summary>Client-side: the call failed in transport (no ErrorInfo came back), e.g. the server is unreachable.</summary>
    public const string Transport = "TRANSPORT";
}
