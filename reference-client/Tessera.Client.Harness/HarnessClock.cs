namespace Tessera.Client.Harness;

/// <summary>
/// The client's clock under the harness: it starts where the runner says
/// (so the runner can skew it against the server's) and moves only on
/// <c>advance</c>. <see cref="Advance"/> fires every timer due by the new
/// time, in due order, on the calling thread, so whatever a timer starts
/// synchronously (a token request) happens before the advance is answered.
/// </summary>
public sealed class HarnessClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly Lock _advanceGate = new();
    private readonly List<HarnessClockTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public HarnessClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new HarnessClockTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock by <paramref name="by"/> (not negative), firing every timer due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (_advanceGate)
        {
            DateTimeOffset target;
            lock (_gate)
            {
                target = _now + by;
            }

            while (true)
            {
                HarnessClockTimer? next = null;
                lock (_gate)
                {
                    foreach (var timer in _timers)
                    {
                        if (timer.Due is { } due && due <= target && (next is null || due < next.Due || (due == next.Due && timer.Sequence < next.Sequence)))
                        {
                            next = timer;
                        }
                    }

                    if (next is null)
                    {
                        _now = target;
                        return;
                    }

                    if (next.Due!.Value > _now)
                    {
                        _now = next.Due.Value;
                    }

                    next.Due = next.Period > TimeSpan.Zero ? next.Due + next.Period : null;
                    next.Sequence = ++_sequence;
                }

                next.Callback(next.State);
            }
        }
    }

    internal bool Change(HarnessClockTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.Sequence = ++_sequence;
            return true;
        }
    }

    internal void Remove(HarnessClockTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            timer.Due = null;
            _timers.Remove(timer);
        }
    }
}
