using System.Collections.Concurrent;
using Tessera.Protocol.V1;

namespace Tessera.Server.Events;

/// <summary>
/// Fans each session's events out to the watch streams open on this node
/// (EVT-2). The store publishes into it in seq order; each watcher has its own
/// bounded buffer, so a slow watcher never blocks the session or the other
/// watchers, and overflowing it drops only that watcher's stream (it resumes,
/// EVT-4). After a terminal event every watcher of the session is completed
/// (EVT-3).
/// </summary>
/// <remarks>
/// Replay is not kept here but in the store's event log, so a watch can resume on
/// any node. A watch stream registers here before reading the log and skips live
/// events it already replayed; that ordering is what makes "no event lost, none
/// twice" hold without a lock spanning the store and the hub.
/// </remarks>
internal sealed class SessionEventHub : ISessionEventSink
{
    private readonly ConcurrentDictionary<string, WatcherSet> _sets = new(StringComparer.Ordinal);
    private readonly int _watcherBufferCapacity;
    private volatile bool _shutDown;

    /// <param name="watcherBufferCapacity">Live events a watcher may have unread before it is dropped.</param>
    public SessionEventHub(int watcherBufferCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(watcherBufferCapacity, 1);
        _watcherBufferCapacity = watcherBufferCapacity;
    }

    /// <summary>Adds a watcher of <paramref name="sessionId"/>; it receives every event published from now on.</summary>
    public SessionWatcher Register(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var watcher = new SessionWatcher(sessionId, _watcherBufferCapacity);
        if (_shutDown)
        {
            watcher.Complete(new WatchStreamAbortedException(WatchAbortReason.ServerShutdown));
            return watcher;
        }

        while (true)
        {
            var set = _sets.GetOrAdd(sessionId, static _ => new WatcherSet());
            lock (set.Gate)
            {
                if (set.Closed)
                {
                    continue;
                }

                if (_shutDown)
                {
                    // Shutdown ran between the check above and here (EVT-7).
                    watcher.Complete(new WatchStreamAbortedException(WatchAbortReason.ServerShutdown));
                    CloseIfEmptyNoLock(sessionId, set);
                    return watcher;
                }

                set.Watchers.Add(watcher);
                watcher.Set = set;
                return watcher;
            }
        }
    }

    /// <summary>Removes a watcher and ends its feed. Idempotent.</summary>
    public void Unregister(SessionWatcher watcher)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        var set = watcher.Set;
        if (set is not null)
        {
            lock (set.Gate)
            {
                if (set.Watchers.Remove(watcher))
                {
                    watcher.Set = null;
                    CloseIfEmptyNoLock(watcher.SessionId, set);
                }
            }
        }

        watcher.Complete();
    }

    /// <inheritdoc />
    public void Publish(string sessionId, SessionEvent sessionEvent)
    {
        if (!_sets.TryGetValue(sessionId, out var set))
        {
            return;
        }

        var terminal = SessionEvents.IsTerminal(sessionEvent);
        lock (set.Gate)
        {
            if (set.Closed)
            {
                return;
            }

            var watchers = set.Watchers;
            for (var i = watchers.Count - 1; i >= 0; i--)
            {
                var watcher = watchers[i];
                if (!watcher.TryWrite(sessionEvent))
                {
                    watchers.RemoveAt(i);
                    watcher.Set = null;
                    watcher.Complete(new WatchStreamAbortedException(WatchAbortReason.Overflow));
                }
                else if (terminal)
                {
                    watchers.RemoveAt(i);
                    watcher.Set = null;
                    watcher.Complete();
                }
            }

            CloseIfEmptyNoLock(sessionId, set);
        }
    }

    /// <summary>Watchers of <paramref name="sessionId"/> on this node.</summary>
    public int CountWatchers(string sessionId)
    {
        if (!_sets.TryGetValue(sessionId, out var set))
        {
            return 0;
        }

        lock (set.Gate)
        {
            return set.Closed ? 0 : set.Watchers.Count;
        }
    }

    /// <summary>
    /// Ends every open watch stream with <see cref="WatchAbortReason.ServerShutdown"/>
    /// and refuses new ones (EVT-7).
    /// </summary>
    public void Shutdown()
    {
        _shutDown = true;
        foreach (var pair in _sets)
        {
            var set = pair.Value;
            lock (set.Gate)
            {
                foreach (var watcher in set.Watchers)
                {
                    watcher.Set = null;
                    watcher.Complete(new WatchStreamAbortedException(WatchAbortReason.ServerShutdown));
                }

                set.Watchers.Clear();
                CloseIfEmptyNoLock(pair.Key, set);
            }
        }
    }

    /// <summary>
    /// Cuts every open watch stream with <paramref name="reason"/> but, unlike
    /// <see cref="Shutdown"/>, keeps accepting new ones: for a multi-node store whose
    /// event feed broke, so that watchers resume from the log instead of missing events.
    /// </summary>
    public void AbortAll(WatchAbortReason reason)
    {
        foreach (var pair in _sets)
        {
            var set = pair.Value;
            lock (set.Gate)
            {
                foreach (var watcher in set.Watchers)
                {
                    watcher.Set = null;
                    watcher.Complete(new WatchStreamAbortedException(reason));
                }

                set.Watchers.Clear();
                CloseIfEmptyNoLock(pair.Key, set);
            }
        }
    }

    private void CloseIfEmptyNoLock(string sessionId, WatcherSet set)
    {
        if (set.Watchers.Count == 0 && !set.Closed)
        {
            set.Closed = true;
            _sets.TryRemove(new KeyValuePair<string, WatcherSet>(sessionId, set));
        }
    }
}
