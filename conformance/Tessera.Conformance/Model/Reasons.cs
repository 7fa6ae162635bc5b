namespace Tessera.Conformance.Model;

/// <summary>The ErrorInfo reasons of SPEC.md section ERR, spelled as on the wire.</summary>
internal static class Reasons
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
}
