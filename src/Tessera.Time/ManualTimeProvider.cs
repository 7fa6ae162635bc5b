namespace Tessera.Time;

// Kept instead of FakeTimeProvider (Microsoft.Extensions.TimeProvider.Testing
// 11.0.0, which does restore here) because its Advance first sets the clock to
// the end of the window and then fires the due timers: each callback reads the
// window's end, not its own due time, so a timer a callback arms "N from now"
// lands past the window and does not fire in that Advance; and an Advance on a
// second thread while the first is firing timers returns at once, before the
// timers due by its own target have fired (the first thread fires them later).
// CLK-3 needs the opposite of each; Tessera.Time.Tests'
// ProviderCharacterizationTests shows all three on both providers.
/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only through <see cref="Advance"/>
/// (CLK-2). Timers never fire on their own: <see cref="Advance"/> fires every
/// timer that falls due within the advanced window, in due order, on the calling
/// thread, with the clock set to each timer's due time while its callback runs.
/// Timers created or re-armed by those callbacks are fired too when they fall due
/// inside the window, so when <see cref="Advance"/> returns nothing due at or
/// before the new time is left unfired (CLK-3).
/// </summary>
/// <remarks>
/// Thread-safe. Advances are serialized; callbacks and <see cref="TimerArmed"/>
/// handlers run without any lock of this class held, so they may read the clock
/// and create, change or dispose timers. A timer armed with a due time at or
/// before the current time (a zero due time) fires on the next
/// <see cref="Advance"/>, which may be <c>Advance(TimeSpan.Zero)</c>. Timestamps
/// are the clock's UTC ticks, so <see cref="TimeProvider.GetElapsedTime(long)"/>
/// follows <see cref="Advance"/> too.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The start time used by the parameterless constructor: 2030-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly Lock _advanceGate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _nextSequence;

    /// <summary>Starts the clock at <see cref="DefaultStart"/>.</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Starts the clock at <paramref name="start"/> (converted to UTC).</summary>
    public ManualTimeProvider(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
    }

    /// <summary>
    /// Raised each time a timer is armed with a finite due time (by
    /// <see cref="CreateTimer"/> or <see cref="ITimer.Change"/>), with that due
    /// time relative to the clock. Lets a test read the delay the code under test
    /// chose (a backoff, a refresh) instead of guessing it. No handler by default.
    /// </summary>
    /// <remarks>
    /// Raised on the thread that armed the timer, after the timer is armed and
    /// with no lock held; that thread may be inside <see cref="Advance"/> (a
    /// callback re-arming a timer), so handlers should only record the value.
    /// </remarks>
    public event Action<TimeSpan>? TimerArmed;

    /// <summary>Always <see cref="TimeZoneInfo.Utc"/>, so local time does not depend on the machine.</summary>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timestamps are the clock's UTC ticks, so elapsed time follows <see cref="Advance"/>.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers created here and not yet disposed (armed or not).</summary>
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
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="by"/> and fires, in due order
    /// (ties in the order they were armed), every timer due at or before the new
    /// time, including timers armed by the callbacks themselves. Returns the new
    /// time. Exceptions thrown by a callback propagate to the caller.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public DateTimeOffset Advance(TimeSpan by)
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
                TimerCallback callback;
                object? state;
                lock (_gate)
                {
                    var next = EarliestDueNoLock(target);
                    if (next is null)
                    {
                        _now = target;
                        return target;
                    }

                    var due = next.Due!.Value;
                    if (due > _now)
                    {
                        _now = due;
                    }

                    // One-shot timers disarm before the callback so that a callback
                    // re-arming its own timer is not undone afterwards.
                    next.Due = next.Period > TimeSpan.Zero ? due + next.Period : null;
                    next.Sequence = ++_nextSequence;
                    callback = next.Callback;
                    state = next.State;
                }

                callback(state);
            }
        }
    }

    internal bool Change(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ValidateTimerSpan(dueTime, nameof(dueTime));
        ValidateTimerSpan(period, nameof(period));
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            // Like System.Threading.Timer: a zero or infinite period means one-shot.
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.Sequence = ++_nextSequence;
        }

        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            TimerArmed?.Invoke(dueTime);
        }

        return true;
    }

    internal void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            timer.Due = null;
            _timers.Remove(timer);
        }
    }

    private static void ValidateTimerSpan(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be non-negative or Timeout.InfiniteTimeSpan");
        }
    }

    // A linear scan: the provider serves a handful of timers (the server's expiry
    // scheduler multiplexes every session onto one), so a heap would not pay.
    private ManualTimer? EarliestDueNoLock(DateTimeOffset limit)
    {
        ManualTimer? best = null;
        foreach (var timer in _timers)
        {
            if (timer.Due is not { } due || due > limit)
            {
                continue;
            }

            if (best is null || due < best.Due!.Value || (due == best.Due.Value && timer.Sequence < best.Sequence))
            {
                best = timer;
            }
        }

        return best;
    }
}
