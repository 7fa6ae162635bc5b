namespace Tessera.Protocol.V1;

/// <summary>
/// The ErrorInfo domain and reasons of SPEC.md section ERR, spelled as on the
/// wire. A proto file cannot declare string constants, so they are written
/// here once, next to the generated messages, for the server, the client and
/// the conformance suite alike.
/// </summary>
public static class ErrorReasons
{
    /// <summary>The <c>ErrorInfo.domain</c> of every Tessera error (ERR-1); a reason from another domain is not one of these.</summary>
    public const string Domain = "tessera.v1";

    /// <summary>INVALID_ARGUMENT, action FIX_REQUEST: a field is missing, malformed or out of range (SES-4, CLK-4); ranks first when several checks fail (ERR-4).</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>FAILED_PRECONDITION, action FIX_REQUEST: the client built against another <c>schema_hash</c> than the server serves (SES-3).</summary>
    public const string SchemaMismatch = "SCHEMA_MISMATCH";

    /// <summary>UNAUTHENTICATED, action REFRESH_TOKEN: the token cannot be trusted: bad form, signature, algorithm, key, issuer, audience or claims (TOK-1 to TOK-11).</summary>
    public const string TokenInvalid = "TOKEN_INVALID";

    /// <summary>UNAUTHENTICATED, action REFRESH_TOKEN: the token is expired, <c>now &gt;= exp + leeway</c> (TOK-12), or the call names a session that is <c>EXPIRED</c> (SES-6, EXP-3).</summary>
    public const string TokenExpired = "TOKEN_EXPIRED";

    /// <summary>UNAUTHENTICATED, action REFRESH_TOKEN: <c>nbf</c> or <c>iat</c> is later than <c>now + leeway</c> (TOK-13).</summary>
    public const string TokenNotYetValid = "TOKEN_NOT_YET_VALID";

    /// <summary>FAILED_PRECONDITION, action REFRESH_TOKEN: an update brought a token whose <c>exp</c> is earlier than the session's <c>expires_at</c> (UPD-4).</summary>
    public const string TokenStale = "TOKEN_STALE";

    /// <summary>PERMISSION_DENIED, action NONE: a guest session was asked of a server that does not offer them (SES-5).</summary>
    public const string GuestDisabled = "GUEST_DISABLED";

    /// <summary>PERMISSION_DENIED, action START_NEW_SESSION: an update's token names another user than the session's (UPD-2).</summary>
    public const string IdentityMismatch = "IDENTITY_MISMATCH";

    /// <summary>PERMISSION_DENIED, action START_NEW_SESSION: an update's token carries other roles than the session's (UPD-3).</summary>
    public const string RolesMismatch = "ROLES_MISMATCH";

    /// <summary>FAILED_PRECONDITION, action START_NEW_SESSION: the session has ended and is still retained (END-3, EVT-5, UPD-6); carries <c>end_reason</c> (ERR-5).</summary>
    public const string SessionTerminated = "SESSION_TERMINATED";

    /// <summary>NOT_FOUND, action START_NEW_SESSION: the server does not know the session id (SES-6), or no longer retains the terminated session (END-3).</summary>
    public const string SessionNotFound = "SESSION_NOT_FOUND";

    /// <summary>ALREADY_EXISTS, action NONE: the single-session policy refuses a second live session for the same user and instance (ONE-2 to ONE-4).</summary>
    public const string SessionAlreadyActive = "SESSION_ALREADY_ACTIVE";

    /// <summary>OUT_OF_RANGE, action NONE: a watch asked to resume after an event the server no longer keeps, or one beyond the last (EVT-4).</summary>
    public const string ResumeUnavailable = "RESUME_UNAVAILABLE";

    /// <summary>ABORTED, action NONE: the server dropped a watcher that fell too far behind; the watcher resumes (EVT-7, EVT-4).</summary>
    public const string WatcherLagging = "WATCHER_LAGGING";

    /// <summary>UNAVAILABLE, action NONE: the server is stopping and ends open watch streams, so clients resume elsewhere or later (EVT-7).</summary>
    public const string ServerShuttingDown = "SERVER_SHUTTING_DOWN";

    /// <summary>UNAVAILABLE, action NONE: the session store the nodes share cannot be reached; nothing is answered from one node's own state (SPEC.md, section ERR).</summary>
    public const string StoreUnavailable = "STORE_UNAVAILABLE";
}
