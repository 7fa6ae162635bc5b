using Tessera.Protocol;
using Tessera.Server.Scheduling;
using Tessera.Time;

namespace Tessera.Server.Tests.Scheduling;

public sealed class ExpirySchedulerTests
{
    private static readonly DateTimeOffset T0 = ManualTimeProvider.DefaultStart;

    [Fact]
    [Trait("Requirement", Req.EXP_1)]
    [Trait("Requirement", Req.CLK_3)]
    public void Schedule_HundredThousandSessions_AllFireInDueOrderOnOneTimer()
    {
        const int sessions = 100_000;
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>(sessions);
        var clockAtFiring = new List<DateTimeOffset>(sessions);
        using var scheduler = new ExpiryScheduler(clock, f =>
        {
            fired.Add(f);
            clockAtFiring.Add(clock.GetUtcNow());
        });
        var random = new Random(20300101);
        var ids = new string[sessions];
        for (var i = 0; i < sessions; i++)
        {
            ids[i] = "session-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < sessions; i++)
        {
            scheduler.Schedule(ids[i], TimerKind.Expire, T0.AddSeconds(random.Next(1, 86_400)), 1);
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        var timersOnClock = clock.TimerCount;

        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(1, timersOnClock);
        Assert.InRange(held, 0, 40L * 1024 * 1024);
        Assert.Equal(sessions, fired.Count);
        Assert.Equal(sessions, fired.Select(f => f.SessionId).Distinct().Count());
        for (var i = 0; i < sessions; i++)
        {
            Assert.Equal(fired[i].Due, clockAtFiring[i]);
            if (i > 0)
            {
                Assert.True(fired[i - 1].Due <= fired[i].Due, $"firing {i} is out of due order");
            }
        }

        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public void Schedule_SameTimerNewerGeneration_MovesItAndFiresOnce()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Add);

        scheduler.Schedule("s", TimerKind.Expire, T0.AddSeconds(10), 1);
        scheduler.Schedule("s", TimerKind.Expire, T0.AddSeconds(20), 2);
        clock.Advance(TimeSpan.FromSeconds(30));

        var only = Assert.Single(fired);
        Assert.Equal(new TimerFiring("s", TimerKind.Expire, 2, T0.AddSeconds(20)), only);
    }

    [Fact]
    public void Apply_OlderGenerationAfterNewer_Ignored()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Add);

        scheduler.Apply(new TimerRequest("s", TimerKind.Expire, 5, T0.AddSeconds(20)));
        scheduler.Apply(new TimerRequest("s", TimerKind.Expire, 4, T0.AddSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(30));

        var only = Assert.Single(fired);
        Assert.Equal(5UL, only.Generation);
    }

    [Fact]
    public void Cancel_ArmedTimer_NeverFires()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Add);

        scheduler.Schedule("s", TimerKind.Expire, T0.AddSeconds(10), 1);
        scheduler.Schedule("t", TimerKind.Expire, T0.AddSeconds(20), 1);
        scheduler.Apply(new TimerRequest("s", TimerKind.Expire, 2, null));
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(["t"], fired.Select(f => f.SessionId));
    }

    [Fact]
    public void Cancel_OlderThanHeldTimer_KeepsTimer()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Add);

        scheduler.Schedule("s", TimerKind.Expire, T0.AddSeconds(10), 3);
        scheduler.Cancel("s", TimerKind.Expire, 2);
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Single(fired);
    }

    [Fact]
    public void Schedule_KindsOfOneSession_AreSeparateTimers()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Add);

        scheduler.Schedule("s", TimerKind.ExpiringNotice, T0.AddSeconds(5), 1);
        scheduler.Schedule("s", TimerKind.Expire, T0.AddSeconds(10), 2);
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([TimerKind.ExpiringNotice, TimerKind.Expire], fired.Select(f => f.Kind));
    }

    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    public void Handler_SchedulesTimerDueInsideWindow_FiresInSameAdvance()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<(TimerFiring Firing, DateTimeOffset At)>();
        ExpiryScheduler? scheduler = null;
        scheduler = new ExpiryScheduler(clock, f =>
        {
            fired.Add((f, clock.GetUtcNow()));
            if (f.Kind == TimerKind.Expire)
            {
                scheduler!.Schedule(f.SessionId, TimerKind.Terminate, f.Due.AddSeconds(30), f.Generation + 1);
            }
        });

        scheduler.Schedule("s", TimerKind.Expire, T0.AddSeconds(10), 1);
        scheduler.Schedule("t", TimerKind.Expire, T0.AddSeconds(50), 1);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(
            [("s", TimerKind.Expire, T0.AddSeconds(10)), ("s", TimerKind.Terminate, T0.AddSeconds(40)), ("t", TimerKind.Expire, T0.AddSeconds(50))],
            fired.Select(x => (x.Firing.SessionId, x.Firing.Kind, x.At)));
        Assert.Equal(1, scheduler.Count);
        scheduler.Dispose();
    }

    [Fact]
    public void Schedule_DueInThePast_FiresOnNextAdvance()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Add);

        scheduler.Schedule("s", TimerKind.RetentionEnd, T0.AddSeconds(-5), 1);
        clock.Advance(TimeSpan.Zero);

        Assert.Single(fired);
    }

    [Fact]
    public void ApplyAll_ArmsAndCancelsInOrder_OnlySurvivorsFireAndWakeUpChangedOnce()
    {
        var manual = new ManualTimeProvider(T0);
        var clock = new CountingTimeProvider(manual);
        var fired = new List<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Add);
        var changesBefore = clock.Changes;

        scheduler.ApplyAll(
        [
            new TimerRequest("a", TimerKind.Expire, 1, T0.AddSeconds(30)),
            new TimerRequest("b", TimerKind.Expire, 1, T0.AddSeconds(20)),
            new TimerRequest("c", TimerKind.Expire, 1, T0.AddSeconds(10)),
            new TimerRequest("c", TimerKind.Expire, 2, null),
            new TimerRequest("a", TimerKind.Expire, 0, T0.AddSeconds(5)),
        ]);
        var changesByBatch = clock.Changes - changesBefore;
        var held = scheduler.Count;
        manual.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, changesByBatch);
        Assert.Equal(2, held);
        Assert.Equal([("b", T0.AddSeconds(20)), ("a", T0.AddSeconds(30))], fired.Select(f => (f.SessionId, f.Due)));
    }

    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    public void Drain_HandlerSchedulesTimersDueAtOnce_FiresThemInTheSameDrainWithoutRearmingEach()
    {
        var manual = new ManualTimeProvider(T0);
        var clock = new CountingTimeProvider(manual);
        var fired = new List<string>();
        ExpiryScheduler? scheduler = null;
        scheduler = new ExpiryScheduler(clock, f =>
        {
            fired.Add(f.SessionId);
            if (f.SessionId == "first")
            {
                for (var i = 0; i < 100; i++)
                {
                    // Due now, as a zero terminated_retention would ask.
                    scheduler!.Schedule("due-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), TimerKind.RetentionEnd, manual.GetUtcNow(), 1);
                }
            }
        });
        using var dispose = scheduler;
        scheduler.Schedule("first", TimerKind.Expire, T0.AddSeconds(1), 1);
        scheduler.Schedule("later", TimerKind.Expire, T0.AddSeconds(50), 1);
        var changesBefore = clock.Changes;

        manual.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(101, fired.Count);
        Assert.Equal("first", fired[0]);
        Assert.InRange(clock.Changes - changesBefore, 1, 2);
        Assert.Equal(1, scheduler.Count);
        manual.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("later", fired[^1]);
    }

    [Fact]
    public void Handler_Throws_ReportedAndLaterTimersStillFire()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<string>();
        var errors = new List<(TimerFiring, Exception)>();
        using var scheduler = new ExpiryScheduler(
            clock,
            f =>
            {
                fired.Add(f.SessionId);
                if (f.SessionId == "bad")
                {
                    throw new InvalidOperationException("boom");
                }
            },
            (f, ex) => errors.Add((f, ex)));

        scheduler.Schedule("bad", TimerKind.Expire, T0.AddSeconds(1), 1);
        scheduler.Schedule("good", TimerKind.Expire, T0.AddSeconds(2), 1);
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["bad", "good"], fired);
        var error = Assert.Single(errors);
        Assert.Equal("bad", error.Item1.SessionId);
        Assert.IsType<InvalidOperationException>(error.Item2);
    }

    [Fact]
    public void Dispose_PendingTimers_NeverFire()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<TimerFiring>();
        var scheduler = new ExpiryScheduler(clock, fired.Add);
        scheduler.Schedule("s", TimerKind.Expire, T0.AddSeconds(1), 1);

        scheduler.Dispose();
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(fired);
        Assert.Equal(0, clock.TimerCount);
    }

    [Fact]
    public void Schedule_FarFuture_WakesAtMostEveryMaxDelayAndFiresOnTime()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new List<DateTimeOffset>();
        using var scheduler = new ExpiryScheduler(clock, _ => fired.Add(clock.GetUtcNow()));

        scheduler.Schedule("s", TimerKind.Expire, T0.AddHours(2).AddSeconds(7), 1);
        clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal([T0.AddHours(2).AddSeconds(7)], fired);
    }

    /// <summary>
    /// On the system clock, whole-millisecond rounding must never make a timer
    /// fire before it is due. How late timers fire (EXP-6) is a performance
    /// figure: bench/run.sh measures it at 100k sessions, because a wall-clock
    /// bound asserted here failed under a loaded CI run without any defect.
    /// </summary>
    [Fact]
    [Trait("Requirement", Req.EXP_6)]
    public async Task Schedule_SystemClock_NeverFiresBeforeDue()
    {
        var firedAt = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scheduler = new ExpiryScheduler(TimeProvider.System, _ => firedAt.TrySetResult(TimeProvider.System.GetUtcNow()));
        var due = TimeProvider.System.GetUtcNow().AddMilliseconds(100.5);

        scheduler.Schedule("s", TimerKind.Expire, due, 1);
        var at = await firedAt.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(at >= due, $"fired early: {at:O} < {due:O}");
    }
}
