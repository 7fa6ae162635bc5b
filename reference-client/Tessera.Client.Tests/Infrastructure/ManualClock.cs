using System.Threading.Channels;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// The client's clock in these tests: it moves only through <see cref="Advance"/>,
/// which fires every timer due by the new time, in due order, on the calling
/// thread. Unlike the server's ManualTimeProvider it also reports each timer as
/// it is armed (<see cref="NextArmedAsync"/>), so a test can read the delay the
/// client chose (a backoff, a refresh) instead of guessing it.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly Lock _advanceGate = new();
    private readonly List<ManualClockTimer> _timers = [];
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();
    private DateTimeOffset _now;
    private long _sequence;

    public ManualClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers created and not yet disposed.</summary>
    public int TimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualClockTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The delay of the next timer armed with a finite due time, in arming order.</summary>
    public async Task<TimeSpan> NextArmedAsync() => await _armed.Reader.ReadAsync().AsTask().WaitAsync(Timeouts.Event);

    /// <summary>The next armed delay shorter than <paramref name="limit"/> (a backoff, not a refresh an hour away).</summary>
    public async Task<TimeSpan> NextArmedBelowAsync(TimeSpan limit)
    {
        while (true)
        {
            var delay = await NextArmedAsync();
            if (delay < limit)
            {
                return delay;
            }
        }
    }

    /// <summary>Forgets the armed delays reported so far.</summary>
    public void ClearArmed()
    {
        while (_armed.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Moves the clock and fires every timer due by the new time, including ones armed by the callbacks.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_advanceGate)
        {
            DateTimeOffset target;
            lock (_gate)
            {
                target = _now + by;
            }

            while (true)
            {
                ManualClockTimer? next = null;
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

    internal bool Change(ManualClockTimer timer, TimeSpan dueTime, TimeSpan period)
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
        }

        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _armed.Writer.TryWrite(dueTime);
        }

        return true;
    }

    internal void Remove(ManualClockTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            timer.Due = null;
            _timers.Remove(timer);
        }
    }
}
