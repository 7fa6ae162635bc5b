using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Storage;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Refuses to end a session twice: SESSION_TERMINATED instead of OK (breaks END-2).</summary>
internal sealed class NonIdempotentEndStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override StoreOutcome End(string sessionId, DateTimeOffset now) =>
        Inner.Get(sessionId, now) is { State: SessionState.Terminated } session
            ? new StoreOutcome(null, TesseraError.Terminated(session.EndReason))
            : Inner.End(sessionId, now);
}
