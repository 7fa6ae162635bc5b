using System.Collections.Concurrent;
using Tessera.Protocol;
using Tessera.Server.Scheduling;
using Tessera.Time;

namespace Tessera.Server.Tests.Scheduling;

/// <summary>
/// The scheduler's parallel mode, used with a store where each firing waits on a round
/// trip (Redis): every due timer fires once, sessions side by side, each session's own
/// timers still in due order.
/// </summary>
public sealed class ExpirySchedulerParallelTests
{
    private static readonly DateTimeOffset T0 = ManualTimeProvider.DefaultStart;

    [Fact]
    [Trait("Requirement", Req.EXP_1)]
    public void Parallel_EveryDueTimerFiresOnce_EachSessionInDueOrder()
    {
        var clock = new ManualTimeProvider(T0);
        var fired = new ConcurrentQueue<TimerFiring>();
        using var scheduler = new ExpiryScheduler(clock, fired.Enqueue, maxParallelFirings: 8);
        for (var i = 0; i < 200; i++)
        {
            var id = "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Both due at one instant (as after a stall): one batch, the notice scheduled first.
            scheduler.Schedule(id, TimerKind.ExpiringNotice, T0.AddSeconds(10), 1);
            scheduler.Schedule(id, TimerKind.Expire, T0.AddSeconds(10), 1);
        }

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(400, fired.Count);
        Assert.Equal(400, fired.Distinct().Count());
        foreach (var session in fired.GroupBy(f => f.SessionId))
        {
            Assert.Equal([TimerKind.ExpiringNotice, TimerKind.Expire], session.Select(f => f.Kind));
        }

        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public void Parallel_TwoSessionsDue_FireAtTheSameTime()
    {
        var clock = new ManualTimeProvider(T0);
        using var bothInside = new CountdownEvent(2);
        var sawTheOther = new ConcurrentBag<bool>();
        using var scheduler = new ExpiryScheduler(clock, _ =>
        {
            bothInside.Signal();
            // One at a time, the first firing would wait here alone until the timeout.
            sawTheOther.Add(bothInside.Wait(TimeSpan.FromSeconds(30)));
        }, maxParallelFirings: 2);
        scheduler.Schedule("a", TimerKind.Expire, T0.AddSeconds(1), 1);
        scheduler.Schedule("b", TimerKind.Expire, T0.AddSeconds(1), 1);

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([true, true], sawTheOther);
    }

    [Fact]
    public void Sequential_IsTheDefault_AndZeroIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpiryScheduler(new ManualTimeProvider(T0), _ => { }, maxParallelFirings: 0));
    }
}
