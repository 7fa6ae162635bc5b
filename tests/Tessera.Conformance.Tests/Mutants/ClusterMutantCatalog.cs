using Tessera.Conformance.Tests.Cluster;
using Tessera.Protocol;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Broken multi-node deployments the suite's cluster mode must catch: one
/// fault each, injected into the <see cref="InProcessCluster"/> (never through
/// a product flag). Each row is checked like <see cref="MutantCatalog"/>'s.
/// </summary>
internal static class ClusterMutantCatalog
{
    public static IReadOnlyList<ClusterMutant> All { get; } =
    [
        new("node-local-single-session", Req.ONE_1, "each node checks the single-session rule against the sessions it started itself", ["single-session/concurrent-starts"])
        {
            Faults = new ClusterFaults { Store = (store, node) => new NodeLocalStartStore(store, node) },
        },
        new("deciding-node-fan-out", Req.EVT_2, "an event reaches only the watchers on the node that decided it", ["events/watch-resume"])
        {
            // A watcher alone cannot tell an event that never crossed nodes from
            // one its rule never pushed, and the suite names the pushing rule
            // (EVT-2 only when another watcher got the event): any of them names this fault.
            AlsoNames = [Req.ONE_3, Req.UPD_5, Req.END_1, Req.EXP_5, Req.EXP_2, Req.EXP_4, Req.EVT_6, Req.UPD_2, Req.UPD_3],
            Faults = new ClusterFaults { Sink = bus => new DecidingNodeOnlySink(bus) },
        },
        new("creator-node-timers", Req.EXP_5, "a session's timers are armed only on the node that created it; no other node takes them over", ["cluster/takeover"])
        {
            Faults = new ClusterFaults { Timers = nodes => new CreatorOnlyTimerRelay(nodes) },
        },
    ];
}

/// <summary>A broken cluster: the fault, the requirement it breaks, and the cases that must catch it (exact names).</summary>
internal sealed record ClusterMutant(string Name, string Breaks, string Fault, string[] Cases)
{
    public required ClusterFaults Faults { get; init; }

    /// <summary>Other ids that name the same fault just as well.</summary>
    public string[] AlsoNames { get; init; } = [];

    /// <summary>
    /// Sequences per property case. Defaults to 10: each fault shows in the first
    /// few, and every later failing sequence waits out an event timeout.
    /// </summary>
    public int MaxTests { get; init; } = 10;

    public override string ToString() => Name;
}
