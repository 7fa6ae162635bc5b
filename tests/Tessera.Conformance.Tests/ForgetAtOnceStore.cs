using Tessera.Protocol.V1;
using Tessera.Server.Storage;
using Tessera.Conformance.Tests.Mutants;

namespace Tessera.Conformance.Tests;

/// <summary>
/// A legal store for a zero terminated_retention: GetSession finds no
/// terminated session at all, the moment it is terminated (END-3 "MAY forget
/// it" after a retention of zero). The reference server forgets on a sweep
/// timer instead, so this is the eager third-party behaviour it never shows.
/// </summary>
internal sealed class ForgetAtOnceStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override Tessera.Server.Sessions.SessionSnapshot? Get(string sessionId, DateTimeOffset now) =>
        Inner.Get(sessionId, now) is { State: SessionState.Terminated } ? null : Inner.Get(sessionId, now);
}
