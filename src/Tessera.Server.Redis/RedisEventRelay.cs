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
/// <para>
/// A barrier (<see cref="ExpectBarrier"/>) does the same for every node: each relay
/// that receives it has handed every earlier message to its sink, since messages
/// arrive in publication order and are handled one at a time, and answers with an
/// ack; the publisher counts the acks up to the receivers PUBLISH reported. The
/// shared test clock's AdvanceTime waits for one (CLK-3 across nodes).
/// </para>
/// <para>
/// The subscription is made on first use, not in the constructor, so a node starts
/// while Redis is down; until it exists every store operation fails closed
/// (<see cref="EnsureSubscribed"/>).
/// </para>
/// </remarks>
internal sealed class RedisEventRelay : IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly ISessionEventSink _sink;
    private readonly Action? _onEventsMayBeLost;
    private readonly RedisChannel _channel;
    private readonly Lock _subscribeGate = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeliveryBarrier> _barriers = new(StringComparer.Ordinal);
    private ChannelMessageQueue? _queue;
    private bool _disposed;

    public RedisEventRelay(IConnectionMultiplexer redis, string channel, ISessionEventSink sink, Action? onEventsMayBeLost)
    {
        _redis = redis;
        _sink = sink;
        _onEventsMayBeLost = onEventsMayBeLost;
        _channel = RedisChannel.Literal(channel);
        redis.ConnectionFailed += OnConnectionChange;
        redis.ConnectionRestored += OnConnectionChange;
        try
        {
            EnsureSubscribed();
        }
        catch (SessionStoreUnavailableException)
        {
            // Redis is down at start: the first operation after it is back subscribes.
        }
    }

    /// <summary>
    /// Subscribes if not yet subscribed; throws <see cref="SessionStoreUnavailableException"/>
    /// while Redis cannot be reached, because an operation whose events this node could not
    /// receive must not run (its watchers here would miss them).
    /// </summary>
    public void EnsureSubscribed()
    {
        if (Volatile.Read(ref _queue) is not null)
        {
            return;
        }

        lock (_subscribeGate)
        {
            if (_queue is not null)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);
            ChannelMessageQueue queue;
            try
            {
                queue = RedisSessionStore.Call(() => _redis.GetSubscriber().Subscribe(_channel));
            }
            catch (SessionStoreUnavailableException)
            {
                // The multiplexer may keep the failed subscription's queue and restore it on
                // reconnect, with no reader: drop it, or it would buffer every event forever.
                try
                {
                    _redis.GetSubscriber().Unsubscribe(_channel, null, CommandFlags.FireAndForget);
                }
                catch (RedisException)
                {
                }

                throw;
            }

            // One handler at a time, in arrival order: the order of the log.
            queue.OnMessage(OnMessage);
            Volatile.Write(ref _queue, queue);
        }
    }

    /// <summary>Registers a barrier before it is published, so no ack can arrive unseen.</summary>
    public DeliveryBarrier ExpectBarrier(string nonce)
    {
        var barrier = new DeliveryBarrier();
        _barriers[nonce] = barrier;
        return barrier;
    }

    public void ForgetBarrier(string nonce) => _barriers.TryRemove(nonce, out _);

    /// <summary>The message that asks every relay to ack once it has handed on everything before it.</summary>
    public static string BarrierMessage(string nonce) => nonce + "|B";

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
        lock (_subscribeGate)
        {
            _disposed = true;
            _queue?.Unsubscribe();
        }

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
        if (parts.Length == 2)
        {
            OnBarrierMessage(parts[0], parts[1]);
            return;
        }

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

    private void OnBarrierMessage(string nonce, string kind)
    {
        if (kind == "B")
        {
            try
            {
                // Not awaited: the handler must not block the messages behind it.
                _redis.GetSubscriber().Publish(_channel, nonce + "|A", CommandFlags.FireAndForget);
            }
            catch (RedisException)
            {
                // Cut off: the publisher times out waiting for this ack and fails closed.
            }
        }
        else if (kind == "A" && _barriers.TryGetValue(nonce, out var barrier))
        {
            barrier.Ack();
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
        foreach (var pair in _barriers)
        {
            if (_barriers.TryRemove(pair.Key, out var barrier))
            {
                barrier.Fail();
            }
        }

        foreach (var pair in _waiters)
        {
            if (_waiters.TryRemove(pair.Key, out var waiter))
            {
                waiter.TrySetException(new SessionStoreUnavailableException("the session store's event subscription was lost; the change is stored, its events could not be confirmed"));
            }
        }
    }

    /// <summary>Acks counted against the receivers a barrier's PUBLISH reported.</summary>
    internal sealed class DeliveryBarrier
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private long _acks;
        private long _expected = -1;

        public Task Done => _done.Task;

        /// <summary>Set once PUBLISH has answered; acks may have come in before it.</summary>
        public void Expect(long receivers)
        {
            lock (_gate)
            {
                _expected = receivers;
                CompleteIfDoneNoLock();
            }
        }

        public void Ack()
        {
            lock (_gate)
            {
                _acks++;
                CompleteIfDoneNoLock();
            }
        }

        public void Fail() =>
            _done.TrySetException(new SessionStoreUnavailableException("the session store's event subscription was lost; the other nodes' delivery could not be confirmed"));

        private void CompleteIfDoneNoLock()
        {
            if (_expected >= 0 && _acks >= _expected)
            {
                _done.TrySetResult();
            }
        }
    }
}
