namespace Tessera.Time;

/// <summary>
/// A timer of <see cref="ManualTimeProvider"/>. Its mutable fields are guarded by
/// the provider's lock; it fires only inside <see cref="ManualTimeProvider.Advance"/>.
/// </summary>
internal sealed class ManualTimer : ITimer
{
    private readonly ManualTimeProvider _owner;

    public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
    {
        _owner = owner;
        Callback = callback;
        State = state;
    }

    public TimerCallback Callback { get; }

    public object? State { get; }

    /// <summary>When the timer fires next; null while disarmed.</summary>
    public DateTimeOffset? Due { get; set; }

    /// <summary>Zero for a one-shot timer.</summary>
    public TimeSpan Period { get; set; }

    /// <summary>Arming order: breaks ties between timers due at the same instant.</summary>
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
