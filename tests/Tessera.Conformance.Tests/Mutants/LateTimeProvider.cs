namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// The system clock, with every timer firing <c>lateness</c> after it was due
/// (breaks EXP-6, a SHOULD, when lateness is over the 1 s the spec allows):
/// an overloaded node, or a scheduler that polls.
/// </summary>
internal sealed class LateTimeProvider(TimeProvider inner, TimeSpan lateness) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new LateTimer(inner.CreateTimer(callback, state, Late(dueTime, lateness), period), lateness);

    private static TimeSpan Late(TimeSpan dueTime, TimeSpan lateness) => dueTime == Timeout.InfiniteTimeSpan ? dueTime : dueTime + lateness;

    private sealed class LateTimer(ITimer inner, TimeSpan lateness) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(Late(dueTime, lateness), period);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
