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
    // A ring over _buffer: _count events from _head, oldest first. It starts at one
    // slot and doubles up to the capacity; most retained sessions hold one event (the
    // terminated one), and a Queue<T> cost an extra object and four slots for that.
    private static readonly SessionEvent[] Empty = [];
    private readonly int _capacity;
    private SessionEvent[] _buffer = Empty;
    private int _head;
    private int _count;

    public SessionEventLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The seq of the last event appended; 0 before the first.</summary>
    public ulong LastSeq { get; private set; }

    /// <summary>The seq of the oldest event still kept; <see cref="LastSeq"/> + 1 when none is kept.</summary>
    public ulong FirstKeptSeq => LastSeq - (ulong)_count + 1;

    /// <summary>Numbers and stamps <paramref name="sessionEvent"/> and keeps it, dropping the oldest beyond capacity.</summary>
    public SessionEvent Append(SessionEvent sessionEvent, DateTimeOffset now)
    {
        sessionEvent.Seq = ++LastSeq;
        sessionEvent.Time = Timestamp.FromDateTimeOffset(now);
        if (_count == _capacity)
        {
            // Full at capacity: overwrite the oldest.
            _buffer[_head] = sessionEvent;
            _head = (_head + 1) % _buffer.Length;
            return sessionEvent;
        }

        if (_count == _buffer.Length)
        {
            Grow();
        }

        _buffer[(_head + _count) % _buffer.Length] = sessionEvent;
        _count++;
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
        var first = _head + (_count - count);
        for (var i = 0; i < count; i++)
        {
            events[i] = _buffer[(first + i) % _buffer.Length];
        }

        return true;
    }

    private void Grow()
    {
        var grown = new SessionEvent[Math.Min(_capacity, Math.Max(1, _buffer.Length * 2))];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _buffer[(_head + i) % _buffer.Length];
        }

        _buffer = grown;
        _head = 0;
    }
}
