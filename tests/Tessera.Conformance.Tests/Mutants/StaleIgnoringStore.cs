using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Answers OK to a token with an earlier exp, keeping the old one (breaks UPD-4).</summary>
internal sealed class StaleIgnoringStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now)
    {
        var outcome = Inner.TryUpdate(sessionId, token, now);
        if (outcome.Error?.Reason == ErrorReasons.TokenStale && Inner.Get(sessionId, now) is { } session)
        {
            return Inner.TryUpdate(sessionId, token with { ExpiresAt = session.ExpiresAt }, now);
        }

        return outcome;
    }
}
