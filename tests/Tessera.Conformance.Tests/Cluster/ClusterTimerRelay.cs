using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;

namespace Tessera.Conformance.Tests.Cluster;

/// <summary>
/// Takeover for the in-process cluster: every timer a store call arms or
/// cancels goes to every live node's scheduler, not just the caller's. All
/// nodes then fire each due timer; the store applies only the firing whose
/// generation is still armed (and disarms it), so the duplicates are no-ops,
/// and a stopped node's timers still fire on the others. This stands in for
/// Redis's shared due-time set with leases, which fires each timer once.
/// </summary>
internal class ClusterTimerRelay(int nodes)
{
    private readonly SessionRegistry?[] _registries = new SessionRegistry?[nodes];

    public SessionRegistry Attach(int node, SessionRegistry registry)
    {
        Volatile.Write(ref _registries[node], registry);
        return registry;
    }

    public void Detach(int node) => Volatile.Write(ref _registries[node], null);

    /// <summary>
    /// Hands <paramref name="timers"/>, from a store call on <paramref name="node"/>,
    /// to the schedulers that should hold them, and returns the ones the calling
    /// node's own registry should arm. <paramref name="started"/> is the id of a
    /// session the call created, if any.
    /// </summary>
    public virtual IReadOnlyList<TimerRequest> Route(int node, IReadOnlyList<TimerRequest> timers, string? started)
    {
        if (timers.Count == 0)
        {
            return timers;
        }

        for (var i = 0; i < _registries.Length; i++)
        {
            if (i != node)
            {
                Registry(i)?.Scheduler.ApplyAll(timers);
            }
        }

        return timers;
    }

    protected SessionRegistry? Registry(int node) => Volatile.Read(ref _registries[node]);
}
