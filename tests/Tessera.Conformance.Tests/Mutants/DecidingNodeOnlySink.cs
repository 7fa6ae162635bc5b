using Tessera.Conformance.Tests.Cluster;
using Tessera.Protocol.V1;
using Tessera.Server.Events;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Event fan-out that reaches only the watchers of the node that decided the
/// event: a termination decided on node A never reaches a watcher on node B
/// (breaks EVT-2 for every watcher not on the deciding node).
/// </summary>
internal sealed class DecidingNodeOnlySink(ClusterEventBus bus) : ISessionEventSink
{
    public void Publish(string sessionId, SessionEvent sessionEvent)
    {
        if (ClusterEventBus.Deciding is { } node)
        {
            bus.Hub(node)?.Publish(sessionId, sessionEvent);
        }
    }
}
