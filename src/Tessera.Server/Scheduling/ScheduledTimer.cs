namespace Tessera.Server.Scheduling;

/// <summary>
/// A node of the scheduler's indexed binary heap. It knows its heap slot so that
/// a reschedule or cancel is O(log n) instead of a linear search.
/// </summary>
internal sealed class ScheduledTimer
{
    public ScheduledTimer(TimerKey key)
    {
        Key = key;
    }

    public TimerKey Key { get; }

    public ulong Generation { get; set; }

    public DateTimeOffset Due { get; set; }

    /// <summary>Scheduling order: ties on <see cref="Due"/> fire first-scheduled first.</summary>
    public long Sequence { get; set; }

    public int HeapIndex { get; set; } = -1;

    public bool FiresBefore(ScheduledTimer other) =>
        Due < other.Due || (Due == other.Due && Sequence < other.Sequence);
}
