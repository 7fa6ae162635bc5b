using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Cluster;

/// <summary>
/// One node's view of the cluster's shared store: every call goes to the one
/// store (so ONE-1 is checked across nodes, as one Lua script on Redis does),
/// runs marked as this node's decision (for the event bus), and hands its timer
/// changes to the relay (takeover).
/// </summary>
internal sealed class ClusterNodeStore(ISessionStore shared, int node, ClusterTimerRelay relay) : ISessionStore
{
    public SessionSnapshot? Get(string sessionId, DateTimeOffset now) => shared.Get(sessionId, now);

    public StoreOutcome TryStart(StartCommand command)
    {
        using var _ = ClusterEventBus.Decide(node);
        var outcome = shared.TryStart(command);
        return Routed(outcome, outcome.Error is null ? outcome.Session?.SessionId : null);
    }

    public StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now)
    {
        using var _ = ClusterEventBus.Decide(node);
        return Routed(shared.TryUpdate(sessionId, token, now), null);
    }

    public StoreOutcome End(string sessionId, DateTimeOffset now)
    {
        using var _ = ClusterEventBus.Decide(node);
        return Routed(shared.End(sessionId, now), null);
    }

    public StoreOutcome ApplyTimer(string sessionId, TimerKind kind, ulong generation, DateTimeOffset now)
    {
        using var _ = ClusterEventBus.Decide(node);
        return Routed(shared.ApplyTimer(sessionId, kind, generation, now), null);
    }

    public WatchOpenOutcome OpenWatch(string sessionId, ulong resumeAfterSeq, DateTimeOffset now)
    {
        using var _ = ClusterEventBus.Decide(node);
        var outcome = shared.OpenWatch(sessionId, resumeAfterSeq, now);
        var timers = relay.Route(node, outcome.Timers, null);
        return ReferenceEquals(timers, outcome.Timers) ? outcome : new WatchOpenOutcome(outcome.Error, outcome.Replay, outcome.Counted, timers);
    }

    public StoreOutcome CloseWatch(string sessionId, DateTimeOffset now)
    {
        using var _ = ClusterEventBus.Decide(node);
        return Routed(shared.CloseWatch(sessionId, now), null);
    }

    private StoreOutcome Routed(StoreOutcome outcome, string? started)
    {
        var timers = relay.Route(node, outcome.Timers, started);
        return ReferenceEquals(timers, outcome.Timers) ? outcome : new StoreOutcome(outcome.Session, outcome.Error, timers, outcome.Transitions);
    }
}
