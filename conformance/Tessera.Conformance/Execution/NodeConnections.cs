using Tessera.Conformance.Target;

namespace Tessera.Conformance.Execution;

/// <summary>
/// One sequence's connections: one per node of the target (one in all for a
/// single target), sharing one wire recorder so a step's trace holds every
/// node's calls in order.
/// </summary>
internal sealed class NodeConnections : IDisposable
{
    public NodeConnections(TargetOptions target, TimeProvider time, bool trace)
    {
        Recorder = trace ? new WireRecorder() : null;
        Addresses = target.Nodes;
        Nodes = [.. Addresses.Select(a => new TargetConnection(target with { Address = a }, time, trace, Recorder))];
    }

    public IReadOnlyList<TargetConnection> Nodes { get; }

    public IReadOnlyList<Uri> Addresses { get; }

    public WireRecorder? Recorder { get; }

    /// <summary>True with more than one node: steps then name their node in reports.</summary>
    public bool IsCluster => Nodes.Count > 1;

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }
    }
}
