using System.Collections.Concurrent;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Connections to the target, one set per concurrently running sequence (a
/// connection to each node of a cluster), so a sequence's wire trace holds
/// only its own calls.
/// </summary>
internal sealed class ConnectionPool(TargetOptions target, TimeProvider time, bool trace) : IDisposable
{
    private readonly ConcurrentBag<NodeConnections> _idle = [];
    private readonly ConcurrentBag<NodeConnections> _all = [];

    public NodeConnections Rent()
    {
        if (_idle.TryTake(out var connections))
        {
            return connections;
        }

        connections = new NodeConnections(target, time, trace);
        _all.Add(connections);
        return connections;
    }

    public void Return(NodeConnections connections) => _idle.Add(connections);

    public void Dispose()
    {
        foreach (var connections in _all)
        {
            connections.Dispose();
        }
    }
}
