using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Tessera.Bench.Server;

/// <summary>
/// Counts responses by endpoint ("grpc", "plain") and status: the gRPC status
/// for the reference server (h2load only sees HTTP 200 and cannot tell a failed
/// call from a good one), the HTTP status for the plain baseline.
/// </summary>
internal sealed class ResponseStatusCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Add(string key)
    {
        var box = _counts.GetOrAdd(key, static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
    }

    public Dictionary<string, long> Snapshot()
    {
        var snapshot = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, box) in _counts)
        {
            snapshot[key] = Interlocked.Read(ref box.Value);
        }

        return snapshot;
    }
}
