namespace Tessera.Protocol.V1;

/// <summary>
/// The ErrorInfo domain and reasons of SPEC.md section ERR, spelled as on the
/// wire. A proto file cannot declare string constants, so they are written
/// here once, next to the generated messages, for the server, the client and
/// the conformance suite alike.
/// </summary>
public static class ErrorReasons
{
    public const string Domain = "tessera.v1";

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
    public const string StoreUnavailable = "STORE_UNAVAILABLE";
}
