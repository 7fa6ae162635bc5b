using Tessera.Time;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// The test clock as a fake clock that takes its list of due timers when an
/// advance starts: a timer armed or re-armed by a callback while the clock
/// advances is handed to the clock only after the advance (breaks CLK-3).
/// </summary>
/// <remarks>
/// The server's scheduler keeps one clock timer and re-arms it for the next
/// due time at the end of each firing, so with this fault one AdvanceTime
/// across several deadlines fires only the first of them, while an advance
/// to the next deadline still works. The one-jump scenario shows it in three
/// steps (expiry/timers finds it too, in longer sequences). "After the
/// advance" is the next time the clock is read outside a timer callback (the
/// first call that follows the advance reads it): a deferred timer whose due
/// time has passed then fires on the next advance.
/// </remarks>
internal sealed class RearmDeferringTimeProvider(ManualTimeProvider inner) : TimeProvider
{
    [ThreadStatic]
    private static int t_firing;

    private readonly Lock _gate = new();
    private readonly Dictionary<DeferringTimer, (DateTimeOffset Due, TimeSpan Period)> _deferred = [];

    public override DateTimeOffset GetUtcNow()
    {
        var now = inner.GetUtcNow();
        if (t_firing == 0)
        {
            Flush(now);
        }

        return now;
    }

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new DeferringTimer(this);
        timer.Inner = inner.CreateTimer(
            s =>
            {
                t_firing++;
                try
                {
                    callback(s);
                }
                finally
                {
                    t_firing--;
                }
            },
            state,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    private bool Change(DeferringTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            // The latest change of a timer wins over one still deferred.
            _deferred.Remove(timer);
            if (t_firing > 0 && dueTime != Timeout.InfiniteTimeSpan)
            {
                _deferred[timer] = (inner.GetUtcNow() + dueTime, period);
                return true;
            }
        }

        return timer.Inner!.Change(dueTime, period);
    }

    private void Flush(DateTimeOffset now)
    {
        KeyValuePair<DeferringTimer, (DateTimeOffset Due, TimeSpan Period)>[] pending;
        lock (_gate)
        {
            if (_deferred.Count == 0)
            {
                return;
            }

            pending = [.. _deferred];
            _deferred.Clear();
        }

        foreach (var (timer, (due, period)) in pending)
        {
            timer.Inner!.Change(due > now ? due - now : TimeSpan.Zero, period);
        }
    }

    private sealed class DeferringTimer(RearmDeferringTimeProvider owner) : ITimer
    {
        public ITimer? Inner { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

        public void Dispose() => Inner?.Dispose();

        public ValueTask DisposeAsync() => Inner?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
