using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Tessera.Protocol.V1;

namespace Tessera.Server.Events;

/// <summary>
/// One open WatchSession stream: first the replayed events after
/// <c>resume_after_seq</c> (EVT-4, EVT-5), then live ones, in seq order without
/// gaps or repeats, ending after the terminated event (EVT-3). Read it from one
/// reader at a time (<see cref="ReadAllAsync"/>, or <see cref="WaitToReadAsync"/>
/// with <see cref="TryRead"/>); dispose it when the stream ends for any reason,
/// which is when the session's watcher count drops (EVT-6).
/// </summary>
/// <remarks>
/// If the stream falls too far behind, or the server shuts down, reading throws
/// <see cref="WatchStreamAbortedException"/> after the events already buffered;
/// the client resumes with the last seq it received.
/// </remarks>
internal sealed class WatchSubscription : IDisposable
{
    private readonly SessionEvent[] _replay;
    private readonly SessionWatcher? _live;
    private readonly SessionEventHub? _hub;
    private readonly IWatchCloser? _closer;
    private int _replayIndex;
    private ulong _lastSeq;
    private bool _terminalSeen;
    private int _disposed;

    internal WatchSubscription(
        string sessionId,
        ulong resumeAfterSeq,
        SessionEvent[] replay,
        SessionWatcher? live,
        SessionEventHub? hub,
        IWatchCloser? closer)
    {
        SessionId = sessionId;
        _lastSeq = resumeAfterSeq;
        _replay = replay;
        _live = live;
        _hub = hub;
        _closer = closer;
    }

    public string SessionId { get; }

    /// <summary>The seq of the last event handed out; the resume point if the stream breaks.</summary>
    public ulong LastSeq => _lastSeq;

    /// <summary>True once the terminated event has been handed out: the stream ends with OK (EVT-3).</summary>
    public bool IsCompleted => _terminalSeen;

    /// <summary>The next event if one is ready; false when none is ready yet or the stream is complete.</summary>
    public bool TryRead([MaybeNullWhen(false)] out SessionEvent sessionEvent)
    {
        if (_terminalSeen)
        {
            sessionEvent = null;
            return false;
        }

        if (_replayIndex < _replay.Length)
        {
            sessionEvent = _replay[_replayIndex++];
            return Hand(sessionEvent);
        }

        if (_live is not null)
        {
            while (_live.Reader.TryRead(out var next))
            {
                // Live events registered before the replay was read may repeat it.
                if (next.Seq <= _lastSeq)
                {
                    continue;
                }

                sessionEvent = next;
                return Hand(next);
            }
        }

        sessionEvent = null;
        return false;
    }

    /// <summary>
    /// Waits until <see cref="TryRead"/> may have an event. False when the stream is
    /// complete. Throws <see cref="WatchStreamAbortedException"/> when the stream was cut.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (_terminalSeen)
        {
            return new ValueTask<bool>(false);
        }

        if (_replayIndex < _replay.Length)
        {
            return new ValueTask<bool>(true);
        }

        return _live is null ? new ValueTask<bool>(false) : _live.Reader.WaitToReadAsync(cancellationToken);
    }

    /// <summary>Every event of the stream, ending after the terminated event.</summary>
    public async IAsyncEnumerable<SessionEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var sessionEvent))
            {
                yield return sessionEvent;
            }

            if (_terminalSeen)
            {
                yield break;
            }
        }
    }

    /// <summary>Closes the stream: leaves the hub and, when it counted as a watcher, lowers the count (EVT-6). Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_live is not null)
        {
            _hub?.Unregister(_live);
        }

        _closer?.CloseWatch(SessionId);
    }

    private bool Hand(SessionEvent sessionEvent)
    {
        Debug.Assert(sessionEvent.Seq == _lastSeq + 1, "a watch stream must see every seq exactly once (EVT-1, EVT-2)");
        _lastSeq = sessionEvent.Seq;
        if (SessionEvents.IsTerminal(sessionEvent))
        {
            _terminalSeen = true;
        }

        return true;
    }
}
