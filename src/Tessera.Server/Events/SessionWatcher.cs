using System.Threading.Channels;
using Tessera.Protocol.V1;

namespace Tessera.Server.Events;

/// <summary>
/// One watch stream's live feed: a bounded channel the hub writes into and the
/// stream reads from. Bounded so that a stalled client costs a fixed amount of
/// memory and never slows the session; when it fills, the hub drops the watcher
/// (<see cref="WatchAbortReason.Overflow"/>) and the client resumes.
/// </summary>
internal sealed class SessionWatcher
{
    private readonly Channel<SessionEvent> _channel;

    internal SessionWatcher(string sessionId, int capacity)
    {
        SessionId = sessionId;
        _channel = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    public string SessionId { get; }

    internal ChannelReader<SessionEvent> Reader => _channel.Reader;

    /// <summary>The set this watcher belongs to; null once removed.</summary>
    internal WatcherSet? Set { get; set; }

    /// <summary>False when the buffer is full (the caller then aborts the watcher).</summary>
    internal bool TryWrite(SessionEvent sessionEvent) => _channel.Writer.TryWrite(sessionEvent);

    /// <summary>Ends the feed: normally after the terminal event, with an exception when aborted.</summary>
    internal void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);
}
