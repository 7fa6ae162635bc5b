using FsCheck;
using FsCheck.Fluent;

namespace Tessera.Client.Tests;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void DelayFor_AnyAttemptAndDraw_StaysBetweenTheJitterFloorAndTheCappedCeiling()
    {
        var backoff = new ReconnectBackoff();
        Prop.ForAll(
            Gen.Choose(0, 10_000).ToArbitrary(),
            Gen.Choose(0, 999).ToArbitrary(),
            (attempt, draw) =>
            {
                var delay = backoff.DelayFor(attempt, draw / 1000.0);
                var ceiling = attempt >= 30 ? backoff.MaxDelay.Ticks : Math.Min(backoff.MaxDelay.Ticks, backoff.InitialDelay.Ticks << attempt);
                return delay.Ticks <= ceiling && delay.Ticks >= (long)(ceiling * (1 - backoff.Jitter)) - 1;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DelayFor_NoJitter_DoublesUntilTheCap()
    {
        var backoff = new ReconnectBackoff { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), Jitter = 0 };

        var delays = Enumerable.Range(0, 5).Select(a => backoff.DelayFor(a, 0.7).TotalSeconds).ToArray();

        Assert.Equal([1.0, 2.0, 4.0, 5.0, 5.0], delays);
    }
}
