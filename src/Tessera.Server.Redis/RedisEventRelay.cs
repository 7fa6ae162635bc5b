using System.Collections.Concurrent;
using StackExchange.Redis;
using Tessera.Server.Events;
using Tessera.Server.Storage;

namespace Tessera.Server.Redis;

/// <summary>
/// Brings every session event, decided on any node, to this node's sink (EVT-2 across nodes).
/// </summary>
/// <remarks>
/// <para>
/// Mechanism: the script that appends an event PUBLISHes it, after the state change,
/// on one channel; every node holds one subscription to it. Chosen over Streams and
/// XREAD because Redis delivers one connection's pub/sub messages in the order the
/// scripts ran, which is seq order per session, and costs one blocking reader per
/// node rather than one XREAD per watched session; the log (a capped list per
/// session) stays the replay source, which every watch reads when it opens.
/// </para>
/// <para>
/// Pub/sub loses what is published while the subscription is down. So when the
/// subscription connection fails or comes back, every watch stream on this node is
/// cut (<c>onEventsMayBeLost</c>) and its client resumes from the last seq it saw
/// (EVT-4): a gap is never papered over.
/// </para>
/// <para>
/// The deciding node waits for its own events to come back (by a nonce per
/// operation) before the operation returns, so this node's watchers hold them
/// when the call answers, as with the in-memory store (CLK-3).
/// </para>
/// </remarks>
internal sealed class RedisEventRelay : IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ISessionEventSink _sink;
    private readonly Action? _onEventsMayBeLost;
    private readonly ChannelMessageQueue _queue;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    public RedisEventRelay(IConnectionMultiplexer redis, string channel, ISessionEventSink sink, Action? onEventsMayBeLost)
    {
        _redis = redis;
        _sink = sink;
        _onEventsMayBeLost = onEventsMayBeLost;
        _queue = redis.GetSubscriber().Subscribe(RedisChannel.Literal(channel));
        // One handler at a time, in arrival order: the order of the log.
        _queue.OnMessage(OnMessage);
        redis.ConnectionFailed += OnConnectionChange;
        redis.ConnectionRestored += OnConnectionChange;
    }

    /// <summary>Registers an operation before its script runs, so its echo cannot arrive unseen.</summary>
    public TaskCompletionSource Expect(string nonce)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[nonce] = waiter;
        return waiter;
    }

    public void Forget(string nonce) => _waiters.TryRemove(nonce, out _);

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionChange;
        _redis.ConnectionRestored -= OnConnectionChange;
        _queue.Unsubscribe();
        FailWaiters();
    }

    private void OnMessage(ChannelMessage message)
    {
        // nonce|last|sessionId|event
        var text = (string?)message.Message;
        if (text is null)
        {
            return;
        }

        var parts = text.Split('|', 4);
        if (parts.Length != 4)
        {
            return;
        }

        _sink.Publish(parts[2], StoredEventText.Parse(parts[3]));
        if (parts[1] == "1" && _waiters.TryRemove(parts[0], out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private void OnConnectionChange(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        FailWaiters();
        _onEventsMayBeLost?.Invoke();
    }

    private void FailWaiters()
    {
        foreach (var pair in _waiters)
        {
            if (_waiters.TryRemove(pair.Key, out var waiter))
            {
                waiter.TrySetException(new SessionStoreUnavailableException("the session store's event subscription was lost; the change is stored, its events could not be confirmed"));
            }
        }
    }
}
