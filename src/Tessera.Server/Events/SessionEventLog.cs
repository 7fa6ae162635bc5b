using Google.Protobuf.WellKnownTypes;
using Tessera.Protocol.V1;

namespace Tessera.Server.Events;

/// <summary>
/// One session's event numbering and replay buffer: assigns seq 1, 2, 3, ...
/// without gaps (EVT-1) and keeps the most recent <c>capacity</c> events for
/// resume (EVT-4). Not thread-safe: the store guards it with the session's lock.
/// </summary>
/// <remarks>
/// The buffer grows on demand up to its capacity, so the 100 000 quiet sessions of
/// a busy node cost a few slots each rather than <c>capacity</c> slots each.
/// </remarks>
internal sealed class SessionEventLog
{
    private readonly Queue<SessionEvent> _recent = new();
    private readonly int _capacity;

    public SessionEventLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The seq of the last event appended; 0 before the first.</summary>
    public ulong LastSeq { get; private set; }

    /// <summary>The seq of the oldest event still kept; <see cref="LastSeq"/> + 1 when none is kept.</summary>
    public ulong FirstKeptSeq => LastSeq - (ulong)_recent.Count + 1;

    /// <summary>Numbers and stamps <paramref name="sessionEvent"/> and keeps it, dropping the oldest beyond capacity.</summary>
    public SessionEvent Append(SessionEvent sessionEvent, DateTimeOffset now)
    {
        sessionEvent.Seq = ++LastSeq;
        sessionEvent.Time = Timestamp.FromDateTimeOffset(now);
        if (_recent.Count == _capacity)
        {
            _recent.Dequeue();
        }

        _recent.Enqueue(sessionEvent);
        return sessionEvent;
    }

    /// <summary>
    /// The kept events with seq greater than <paramref name="afterSeq"/>, oldest first.
    /// False when some of them are no longer kept or <paramref name="afterSeq"/> is
    /// beyond the last event (EVT-4).
    /// </summary>
    public bool TryReadAfter(ulong afterSeq, out SessionEvent[] events)
    {
        if (afterSeq > LastSeq || afterSeq + 1 < FirstKeptSeq)
        {
            events = [];
            return false;
        }

        var count = (int)(LastSeq - afterSeq);
        if (count == 0)
        {
            events = [];
            return true;
        }

        events = new SessionEvent[count];
        var skip = _recent.Count - count;
        var i = 0;
        foreach (var kept in _recent)
        {
            if (skip > 0)
            {
                skip--;
                continue;
            }

            events[i++] = kept;
        }

        return true;
    }
}
