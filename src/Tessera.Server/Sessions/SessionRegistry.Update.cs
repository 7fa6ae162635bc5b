using Tessera.Protocol.V1;
using Tessera.Server.Errors;

namespace Tessera.Server.Sessions;

/// <summary>UpdateSessionToken (UPD-1 to UPD-6).</summary>
internal sealed partial class SessionRegistry
{
    /// <summary>
    /// Applies a new token. Checks, first failure answers (UPD, ERR-4):
    /// INVALID_REQUEST, SESSION_NOT_FOUND / SESSION_TERMINATED, the validator's
    /// TOKEN_* verdict (session unchanged, UPD-1), then atomically in the store
    /// IDENTITY_MISMATCH and ROLES_MISMATCH (both terminate the session) and
    /// TOKEN_STALE. Success revives an EXPIRED session (UPD-5).
    /// </summary>
    public DomainResult<SessionSnapshot> Update(string sessionId, TokenCheck token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (string.IsNullOrEmpty(sessionId))
        {
            return TesseraError.InvalidRequest("session_id is required");
        }

        if (token.IsMissing)
        {
            return TesseraError.InvalidRequest("token is required");
        }

        var now = _time.GetUtcNow();
        var current = _store.Get(sessionId, now);
        if (current is null)
        {
            return SessionErrors.NotFound();
        }

        if (current.State == SessionState.Terminated)
        {
            return SessionErrors.Terminated(current.EndReason);
        }

        if (token.Error is { } tokenError)
        {
            return tokenError;
        }

        // The store re-checks existence and state atomically with the change.
        var outcome = _store.TryUpdate(sessionId, token.Token!, now);
        Apply(outcome);
        return outcome.Error is { } error ? error : DomainResult<SessionSnapshot>.Success(outcome.Session!);
    }
}
