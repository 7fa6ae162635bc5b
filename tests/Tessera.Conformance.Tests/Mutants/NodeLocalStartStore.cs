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
internal sealed class NodeLocalStartStore(ISessionStore inner, int node) : InstanceSuffixingStore(inner)
{
    public override StoreOutcome TryStart(StartCommand command) =>
        Hide(Inner.TryStart(Suffixed(command, node.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
