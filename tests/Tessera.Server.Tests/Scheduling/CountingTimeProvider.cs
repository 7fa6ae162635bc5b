namespace Tessera.Server.Tests.Scheduling;

/// <summary>
/// Delegates to another clock and counts how often its timers are re-armed, so a
/// test can see how many system-timer calls the scheduler makes.
/// </summary>
internal sealed class CountingTimeProvider(TimeProvider inner) : TimeProvider
{
    private int _changes;

    public int Changes => Volatile.Read(ref _changes);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new CountingTimer(inner.CreateTimer(callback, state, dueTime, period), () => Interlocked.Increment(ref _changes));
}
