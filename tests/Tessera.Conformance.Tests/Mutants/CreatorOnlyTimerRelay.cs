using System.Collections.Concurrent;
using Tessera.Conformance.Tests.Cluster;
using Tessera.Server.Scheduling;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Timers armed only on the node that created the session, with no takeover:
/// each session's timer changes go to its creating node's scheduler alone, so
/// once that node stops its sessions never expire (breaks EXP-5, EXP-1: the
/// deployment must keep the timers of a node it lost).
/// </summary>
internal sealed class CreatorOnlyTimerRelay(int nodes) : ClusterTimerRelay(nodes)
{
    private readonly ConcurrentDictionary<string, int> _creators = new(StringComparer.Ordinal);

    public override IReadOnlyList<TimerRequest> Route(int node, IReadOnlyList<TimerRequest> timers, string? started)
    {
        if (started is not null)
        {
            _creators[started] = node;
        }

        var own = new List<TimerRequest>(timers.Count);
        foreach (var timer in timers)
        {
            var creator = _creators.GetValueOrDefault(timer.SessionId, node);
            if (creator == node)
            {
                own.Add(timer);
            }
            else
            {
                Registry(creator)?.Scheduler.Apply(timer);
            }
        }

        return own;
    }
}
