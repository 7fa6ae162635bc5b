using Tessera.Server.Events;
using Tessera.Server.Storage;

namespace Tessera.Conformance.Tests.Cluster;

/// <summary>
/// Decorators a cluster mutant injects into the in-process cluster; each null
/// (the default) leaves that part correct.
/// </summary>
internal sealed record ClusterFaults
{
    /// <summary>Wraps a node's store (the node's index is given).</summary>
    public Func<ISessionStore, int, ISessionStore>? Store { get; init; }

    /// <summary>Wraps the fan-out the shared store publishes into.</summary>
    public Func<ClusterEventBus, ISessionEventSink>? Sink { get; init; }

    /// <summary>Replaces the timer relay (its node count is given).</summary>
    public Func<int, ClusterTimerRelay>? Timers { get; init; }
}
