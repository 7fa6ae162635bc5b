using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Checks identity only through the roles: with both role sets empty another user's token goes through (breaks UPD-2).</summary>
internal sealed class EmptyRolesIdentityStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now)
    {
        if (Inner.Get(sessionId, now) is { Guest: false } session
            && token.Roles.Count == 0
            && session.Roles.Count == 0
            && token.Issuer == session.Issuer
            && token.Subject != session.UserId)
        {
            return Inner.TryUpdate(sessionId, token with { Subject = session.UserId }, now);
        }

        return Inner.TryUpdate(sessionId, token, now);
    }
}
