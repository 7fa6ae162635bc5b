using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Scheduling;

namespace Tessera.Server.Storage;

/// <summary>
/// The answer to opening a watch: the events to replay, and whether the stream
/// now counts as a watcher (only on a live session, EVT-6). A terminated session
/// answers its replay uncounted (EVT-5).
/// </summary>
internal sealed class WatchOpenOutcome
{
    private static readonly SessionEvent[] NoEvents = [];
    private static readonly TimerRequest[] NoTimers = [];

    public WatchOpenOutcome(TesseraError? error, SessionEvent[]? replay, bool counted, IReadOnlyList<TimerRequest>? timers)
    {
        Error = error;
        Replay = replay ?? NoEvents;
        Counted = counted;
        Timers = timers ?? NoTimers;
    }

    public TesseraError? Error { get; }

    /// <summary>The kept events after resume_after_seq, oldest first (EVT-4).</summary>
    public SessionEvent[] Replay { get; }

    /// <summary>True when the stream was added to the session's watcher count; it must be closed exactly once.</summary>
    public bool Counted { get; }

    public IReadOnlyList<TimerRequest> Timers { get; }
}
