using Tessera.Protocol.V1;
using Tessera.Server.Events;

namespace Tessera.Conformance.Tests.Cluster;

/// <summary>
/// The in-process cluster's event fan-out: the one shared store publishes each
/// event here, and every live node's <see cref="SessionEventHub"/> gets it, so a
/// watcher on any node sees events decided on any node (what Redis pub/sub does
/// between processes). It also knows which node is deciding, for the fault that
/// reaches only that node's watchers.
/// </summary>
internal sealed class ClusterEventBus(int nodes) : ISessionEventSink
{
    // 1 + the index of the node whose store call runs on this thread; 0 for none.
    // Store operations are synchronous, and publish before they return, so the
    // thread is the call.
    [ThreadStatic]
    private static int t_deciding;

    private readonly SessionEventHub?[] _hubs = new SessionEventHub?[nodes];

    /// <summary>The node whose store call is publishing on this thread, if any.</summary>
    public static int? Deciding => t_deciding == 0 ? null : t_deciding - 1;

    /// <summary>A node's hub; null once the node is stopped.</summary>
    public SessionEventHub? Hub(int node) => Volatile.Read(ref _hubs[node]);

    /// <summary>Marks this thread's store call as <paramref name="node"/>'s until disposed (nests).</summary>
    public static DecidingScope Decide(int node)
    {
        var previous = t_deciding;
        t_deciding = node + 1;
        return new DecidingScope(previous);
    }

    public SessionEventHub Attach(int node, SessionEventHub hub)
    {
        Volatile.Write(ref _hubs[node], hub);
        return hub;
    }

    public void Detach(int node) => Volatile.Write(ref _hubs[node], null);

    public void Publish(string sessionId, SessionEvent sessionEvent)
    {
        for (var i = 0; i < _hubs.Length; i++)
        {
            Volatile.Read(ref _hubs[i])?.Publish(sessionId, sessionEvent);
        }
    }

    public readonly struct DecidingScope(int previous) : IDisposable
    {
        public void Dispose() => t_deciding = previous;
    }
}
