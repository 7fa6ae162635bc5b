namespace Tessera.Client.Harness;

/// <summary>A timer of <see cref="HarnessClock"/>; its fields are guarded by the clock's lock.</summary>
internal sealed class HarnessClockTimer : ITimer
{
    private readonly HarnessClock _owner;

    public HarnessClockTimer(HarnessClock owner, TimerCallback callback, object? state)
    {
        _owner = owner;
        Callback = callback;
        State = state;
    }

    public TimerCallback Callback { get; }

    public object? State { get; }

    public DateTimeOffset? Due { get; set; }

    public TimeSpan Period { get; set; }

    public long Sequence { get; set; }

    public bool Disposed { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => _owner.Change(this, dueTime, period);

    public void Dispose() => _owner.Remove(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
