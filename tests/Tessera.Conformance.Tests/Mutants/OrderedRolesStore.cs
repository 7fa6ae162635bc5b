using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Compares an update's roles with the session's as ordered lists, repeats included (breaks UPD-3, TOK-9).</summary>
internal sealed class OrderedRolesStore(ISessionStore inner, RawRoles raw) : SessionStoreDecorator(inner)
{
    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now)
    {
        if (raw.Of(token) is { } written && Inner.Get(sessionId, now) is { } session && !written.SequenceEqual(session.Roles, StringComparer.Ordinal))
        {
            // A role set the real store cannot match makes it terminate with ROLES_MISMATCH.
            return Inner.TryUpdate(sessionId, token with { Roles = ["\u0001not-the-same-list"] }, now);
        }

        return Inner.TryUpdate(sessionId, token, now);
    }
}
