namespace Tessera.Time.Tests;

public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Requirement", "CLK-2")]
    public void GetUtcNow_WithoutAdvance_NeverMoves()
    {
        var clock = new ManualTimeProvider(T0);

        var first = clock.GetUtcNow();
        var second = clock.GetUtcNow();

        Assert.Equal(T0, first);
        Assert.Equal(T0, second);
    }

    [Fact]
    [Trait("Requirement", "CLK-2")]
    public void Advance_ByAmount_MovesClockAndTimestampExactly()
    {
        var clock = new ManualTimeProvider(T0);
        var startStamp = clock.GetTimestamp();

        var now = clock.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(T0.AddSeconds(90), now);
        Assert.Equal(T0.AddSeconds(90), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), clock.GetElapsedTime(startStamp));
    }

    [Fact]
    [Trait("Requirement", "CLK-3")]
    public void Advance_TimersDueInWindow_FireInDueOrderWithClockAtDueTime()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        using var tieA = clock.CreateTimer(_ => fired.Add(("tieA", clock.GetUtcNow())), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        using var tieB = clock.CreateTimer(_ => fired.Add(("tieB", clock.GetUtcNow())), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(
            [("early", T0.AddSeconds(10)), ("tieA", T0.AddSeconds(20)), ("tieB", T0.AddSeconds(20)), ("late", T0.AddSeconds(30))],
            fired);
        Assert.Equal(T0.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    [Trait("Requirement", "CLK-3")]
    public void Advance_TimerArmedByCallbackInsideWindow_FiresInSameAdvance()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<DateTimeOffset>();
        ITimer? second = null;
        using var first = clock.CreateTimer(
            _ =>
            {
                fired.Add(clock.GetUtcNow());
                second = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(10),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(15)], fired);
        second!.Dispose();
    }

    [Fact]
    public void Advance_TimerDueAfterWindow_DoesNotFireUntilReached()
    {
        var clock = new ManualTimeProvider(T0);
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(9));
        var before = count;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, before);
        Assert.Equal(1, count);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriod()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(3), T0.AddSeconds(5)], fired);
    }

    [Fact]
    public void Change_ToInfinite_DisarmsTimer()
    {
        var clock = new ManualTimeProvider(T0);
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        var changed = timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.True(changed);
        Assert.Equal(0, count);
    }

    [Fact]
    public void Dispose_ArmedTimer_NeverFiresAndChangeReturnsFalse()
    {
        var clock = new ManualTimeProvider(T0);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        var changed = timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(changed);
        Assert.Equal(0, count);
        Assert.Equal(0, clock.TimerCount);
    }

    [Fact]
    public void Advance_ZeroWithTimerDueNow_FiresIt()
    {
        var clock = new ManualTimeProvider(T0);
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.Zero);

        Assert.Equal(1, count);
        Assert.Equal(T0, clock.GetUtcNow());
    }

    [Fact]
    public void Advance_NegativeSpan_Throws()
    {
        var clock = new ManualTimeProvider(T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Advance_ConcurrentAdvancesAndTimerChanges_EveryTimerFiresOnceAndClockSumsAdvances()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = 0;
        var timers = new ITimer[200];
        for (var i = 0; i < timers.Length; i++)
        {
            timers[i] = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        Parallel.Invoke(
            () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                }
            },
            () =>
            {
                for (var i = 0; i < timers.Length; i++)
                {
                    timers[i].Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
                }
            });
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(200, fired);
        Assert.Equal(T0.AddSeconds(101), clock.GetUtcNow());
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    [Fact]
    public void Constructor_Parameterless_StartsAtDefaultStart()
    {
        var clock = new ManualTimeProvider();

        Assert.Equal(ManualTimeProvider.DefaultStart, clock.GetUtcNow());
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
    }

    [Fact]
    public void Constructor_StartWithOffset_StoredAsUtc()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)));

        var now = clock.GetUtcNow();

        Assert.Equal(T0, now);
        Assert.Equal(TimeSpan.Zero, now.Offset);
    }

    [Fact]
    public void Change_NegativeDueTime_Throws()
    {
        var clock = new ManualTimeProvider(T0);
        using var timer = clock.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.FromTicks(-1), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void TimerArmed_CreateAndChange_ReportsEachFiniteDueTimeInArmingOrder()
    {
        var clock = new ManualTimeProvider(T0);
        var armed = new List<TimeSpan>();
        clock.TimerArmed += armed.Add;

        using var first = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var idle = clock.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        first.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        idle.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        first.Change(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromMinutes(2)], armed);
    }

    [Fact]
    public void TimerArmed_DisposedTimerChanged_NotReported()
    {
        var clock = new ManualTimeProvider(T0);
        var timer = clock.CreateTimer(_ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var armed = new List<TimeSpan>();
        clock.TimerArmed += armed.Add;

        timer.Dispose();
        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.Empty(armed);
    }

    [Fact]
    public void TimerArmed_CallbackRearmsDuringAdvance_ReportedWithDelayFromCallbackTime()
    {
        var clock = new ManualTimeProvider(T0);
        var armed = new List<(TimeSpan DueIn, DateTimeOffset At)>();
        clock.TimerArmed += dueIn => armed.Add((dueIn, clock.GetUtcNow()));
        ITimer? timer = null;
        timer = clock.CreateTimer(_ => timer!.Change(TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([(TimeSpan.FromSeconds(10), T0), (TimeSpan.FromSeconds(30), T0.AddSeconds(10))], armed);
        timer.Dispose();
    }
}
