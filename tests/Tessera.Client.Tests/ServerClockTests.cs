using Tessera.Client.Internal;
using Tessera.Time;

namespace Tessera.Client.Tests;

public sealed class ServerClockTests
{
    private static readonly DateTimeOffset Start = new(2031, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Observe_AnswerStampedMidway_OffsetIsServerMinusLocalMidpoint()
    {
        var local = new ManualTimeProvider(Start);
        var clock = new ServerClock(local);

        clock.Observe(Start.AddHours(-1), sentAt: Start.AddSeconds(-2), receivedAt: Start);

        Assert.Equal(TimeSpan.FromHours(-1) + TimeSpan.FromSeconds(1), clock.Offset);
        Assert.Equal(Start.AddHours(-1).AddSeconds(1), clock.ServerNow);
    }

    [Fact]
    public void DelayUntil_PastInstant_IsZero()
    {
        var local = new ManualTimeProvider(Start);
        var clock = new ServerClock(local);
        clock.Observe(Start.AddMinutes(10), Start, Start);

        Assert.Equal(TimeSpan.Zero, clock.DelayUntil(Start.AddMinutes(5)));
        Assert.Equal(TimeSpan.FromMinutes(1), clock.DelayUntil(Start.AddMinutes(11)));
    }
}
