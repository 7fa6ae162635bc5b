using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Server.Redis.Tests.Processes;

/// <summary>One event as a watcher got it: the event and when it arrived (the test's wall clock).</summary>
internal sealed record ObservedEvent(SessionEvent Event, DateTimeOffset ReceivedAt);

/// <summary>
/// A client watching one session over the wire, across streams: each stream resumes
/// after the last seq the previous ones delivered (EVT-4), as a client that lost its
/// node does. Keeps every event of every stream, duplicates included, so the test sees them.
/// </summary>
internal sealed class SessionWatcher
{
    private readonly List<ObservedEvent> _events = [];
    private readonly List<(ulong Seq, TaskCompletionSource Seen)> _waiters = [];

    public SessionWatcher(string sessionId)
    {
        SessionId = sessionId;
    }

    public string SessionId { get; }

    /// <summary>How many streams were opened.</summary>
    public int Streams { get; private set; }

    public IReadOnlyList<ObservedEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public ulong LastSeq
    {
        get
        {
            lock (_events)
            {
                return _events.Count == 0 ? 0 : _events[^1].Event.Seq;
            }
        }
    }

    /// <summary>
    /// Opens a stream on <paramref name="node"/> after <see cref="LastSeq"/> and reads it to its
    /// end: null when it ended with OK (EVT-3), else the error that cut it (Cancelled when
    /// <paramref name="cancellation"/> ran out first).
    /// </summary>
    public async Task<RpcException?> ReadStreamAsync(SessionService.SessionServiceClient node, CancellationToken cancellation)
    {
        Streams++;
        using var call = node.WatchSession(new WatchSessionRequest { SessionId = SessionId, ResumeAfterSeq = LastSeq }, cancellationToken: cancellation);
        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(cancellation))
            {
                Record(response.Event);
            }

            return null;
        }
        catch (RpcException e)
        {
            return e;
        }
        catch (OperationCanceledException)
        {
            // The test's bound ran out with the stream still open: a verdict, reported like any cut.
            return new RpcException(new Status(StatusCode.Cancelled, "the test's bound ran out before the stream ended"));
        }
    }

    /// <summary>Completes once an event with seq at least <paramref name="seq"/> has arrived.</summary>
    public Task SeenAsync(ulong seq)
    {
        lock (_events)
        {
            if (_events.Count > 0 && _events[^1].Event.Seq >= seq)
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((seq, seen));
            return seen.Task;
        }
    }

    private void Record(SessionEvent next)
    {
        lock (_events)
        {
            _events.Add(new ObservedEvent(next, DateTimeOffset.UtcNow));
            foreach (var waiter in _waiters.Where(w => w.Seq <= next.Seq).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }
        }
    }
}
