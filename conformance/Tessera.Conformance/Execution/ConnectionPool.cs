using System.Collections.Concurrent;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Connections to the target, one per concurrently running sequence, so a
/// sequence's wire trace holds only its own calls.
/// </summary>
internal sealed class ConnectionPool(TargetOptions target, TimeProvider time, bool trace) : IDisposable
{
    private readonly ConcurrentBag<TargetConnection> _idle = [];
    private readonly ConcurrentBag<TargetConnection> _all = [];

    public TargetConnection Rent()
    {
        if (_idle.TryTake(out var connection))
        {
            return connection;
        }

        connection = new TargetConnection(target, time, trace);
        _all.Add(connection);
        return connection;
    }

    public void Return(TargetConnection connection) => _idle.Add(connection);

    public void Dispose()
    {
        foreach (var connection in _all)
        {
            connection.Dispose();
        }
    }
}
