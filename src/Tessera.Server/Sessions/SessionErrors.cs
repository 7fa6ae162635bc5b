using Tessera.Protocol.V1;
using Tessera.Server.Errors;

namespace Tessera.Server.Sessions;

/// <summary>The session domain's error values, with the messages people read.</summary>
internal static class SessionErrors
{
    public static TesseraError NotFound() => new(ErrorReasons.SessionNotFound, "no session with this id");

    public static TesseraError Terminated(SessionEndReason endReason) => TesseraError.Terminated(endReason);

    /// <summary>EXP-3: a call other than update, end or watch on an EXPIRED session.</summary>
    public static TesseraError Expired() =>
        new(ErrorReasons.TokenExpired, "the session's token has expired; update it with a newer token");

    public static TesseraError AlreadyActive() =>
        new(ErrorReasons.SessionAlreadyActive, "another session is live on this client instance");

    public static TesseraError IdentityMismatch() =>
        new(ErrorReasons.IdentityMismatch, "the token names another user or issuer than the session; the session was terminated");

    public static TesseraError RolesMismatch() =>
        new(ErrorReasons.RolesMismatch, "the token carries another role set than the session; the session was terminated");

    public static TesseraError Stale() =>
        new(ErrorReasons.TokenStale, "the token expires earlier than the session's current token");

    public static TesseraError SchemaMismatch(string message) => new(ErrorReasons.SchemaMismatch, message);

    public static TesseraError GuestDisabled() => new(ErrorReasons.GuestDisabled, "guest sessions are disabled on this server");

    public static TesseraError ResumeUnavailable(string message) => new(ErrorReasons.ResumeUnavailable, message);
}
