namespace Tessera.Conformance.Clients.Tests.Faults;

/// <summary>
/// Fault: a clock whose long timers fire late (a device that naps through its
/// refresh time). Timers armed for at least <c>threshold</c> fire
/// <c>delay</c> later than asked; short ones (reconnect backoff) are untouched.
/// </summary>
internal sealed class LateTimerClock(TimeProvider inner, TimeSpan threshold, TimeSpan delay) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new LateTimer(inner.CreateTimer(callback, state, Late(dueTime), period), this);

    private TimeSpan Late(TimeSpan dueTime) => dueTime != Timeout.InfiniteTimeSpan && dueTime >= threshold ? dueTime + delay : dueTime;

    private sealed class LateTimer(ITimer timer, LateTimerClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(clock.Late(dueTime), period);

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
