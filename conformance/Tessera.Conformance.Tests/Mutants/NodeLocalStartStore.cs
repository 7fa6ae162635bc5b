using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// A cluster node that checks the single-session rule against its own memory
/// only: a start sees the live sessions of its client instance that this node
/// started, not those another node started, so starts landing on two nodes
/// leave two live sessions (breaks ONE-1). The node suffix keeps the shared
/// store from noticing, and is hidden again in every answer.
/// </summary>
internal sealed class NodeLocalStartStore(ISessionStore inner, int node) : SessionStoreDecorator(inner)
{
    private const char Marker = '\u0000';

    public override StoreOutcome TryStart(StartCommand command) =>
        Hide(Inner.TryStart(command with { ClientInstanceId = command.ClientInstanceId + Marker + node.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

    public override SessionSnapshot? Get(string sessionId, DateTimeOffset now) => Hide(Inner.Get(sessionId, now));

    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now) => Hide(Inner.TryUpdate(sessionId, token, now));

    public override StoreOutcome End(string sessionId, DateTimeOffset now) => Hide(Inner.End(sessionId, now));

    private static StoreOutcome Hide(StoreOutcome outcome) =>
        outcome.Session is null ? outcome : new StoreOutcome(Hide(outcome.Session), outcome.Error, outcome.Timers, outcome.Transitions);

    private static SessionSnapshot? Hide(SessionSnapshot? snapshot)
    {
        var cut = snapshot?.ClientInstanceId.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        return cut < 0 ? snapshot : snapshot! with { ClientInstanceId = snapshot.ClientInstanceId[..cut] };
    }
}
