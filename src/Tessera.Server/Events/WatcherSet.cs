namespace Tessera.Server.Events;

/// <summary>
/// The watchers of one session on this node. Guarded by its own lock. Once
/// closed (terminal event delivered, or last watcher gone) it is out of the hub's
/// map and accepts no watcher; a registration that raced with the close retries
/// with a fresh set.
/// </summary>
internal sealed class WatcherSet
{
    public Lock Gate { get; } = new();

    public List<SessionWatcher> Watchers { get; } = new(1);

    public bool Closed { get; set; }
}
