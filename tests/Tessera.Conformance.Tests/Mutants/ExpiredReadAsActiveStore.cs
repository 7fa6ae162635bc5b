using Tessera.Protocol.V1;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// GetSession answers an EXPIRED session as if it were ACTIVE (its expiry
/// read an hour later), instead of TOKEN_EXPIRED (breaks EXP-3). Timers,
/// events and every other call are the real store's.
/// </summary>
internal sealed class ExpiredReadAsActiveStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override SessionSnapshot? Get(string sessionId, DateTimeOffset now) =>
        Inner.Get(sessionId, now) is { State: SessionState.Expired } expired
            ? expired with { State = SessionState.Active, ExpiresAt = now + TimeSpan.FromHours(1) }
            : Inner.Get(sessionId, now);
}
