using Tessera.Protocol.V1;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Answers ROLES_MISMATCH to an update with another role set but leaves the
/// session ACTIVE, with no event (breaks UPD-3): a fault
/// that once passed the generated sequences, which sequences caught only when they read the session again.
/// </summary>
internal sealed class RolesMismatchKeepingStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now)
    {
        if (Inner.Get(sessionId, now) is { State: not SessionState.Terminated, Guest: false } session
            && session.Issuer == token.Issuer && session.UserId == token.Subject
            && !RoleSet.SetEquals(RoleSet.Normalize(token.Roles), session.Roles))
        {
            return new StoreOutcome(null, SessionErrors.RolesMismatch());
        }

        return Inner.TryUpdate(sessionId, token, now);
    }
}
