using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Tests.Sessions;
using Tessera.Server.Time;
using Tessera.Time;

namespace Tessera.Server.Tests.Time;

public sealed class TestClockTests
{
    public static TheoryData<TimeSpan> InvalidSpans => new()
    {
        TimeSpan.Zero,
        TimeSpan.FromTicks(-1),
        TimeSpan.FromDays(-1),
        TimeSpan.FromDays(366) + TimeSpan.FromTicks(1),
    };

    [Theory]
    [MemberData(nameof(InvalidSpans))]
    [Trait("Requirement", Req.CLK_4)]
    public void Advance_NotPositiveOrOver366Days_InvalidRequestAndClockUnmoved(TimeSpan by)
    {
        var time = new ManualTimeProvider();
        var clock = new TestClock(time);

        var result = clock.Advance(by);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorReasons.InvalidRequest, result.Error.Reason);
        Assert.Equal(ManualTimeProvider.DefaultStart, clock.GetTime());
    }

    [Fact]
    [Trait("Requirement", Req.CLK_4)]
    public void Advance_Exactly366Days_Accepted()
    {
        var clock = new TestClock(new ManualTimeProvider());

        var result = clock.Advance(TimeSpan.FromDays(366));

        Assert.True(result.IsSuccess);
        Assert.Equal(ManualTimeProvider.DefaultStart.AddDays(366), result.Value);
        Assert.Equal(result.Value, clock.GetTime());
    }

    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    public void Advance_PastSeveralSessionTimers_EventsQueuedToWatchersBeforeReturn()
    {
        using var harness = new RegistryHarness(o =>
        {
            o.ExpiryGrace = TimeSpan.FromSeconds(30);
            o.ExpiringNotice = TimeSpan.FromSeconds(60);
        });
        var clock = new TestClock(harness.Clock);
        var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromMinutes(5)));
        using var watch = harness.WatchOk(session.SessionId);

        var result = clock.Advance(TimeSpan.FromHours(1));

        // Notice at exp - 60 s, expiry at exp, termination at exp + 30 s: all due inside the hour.
        var events = RegistryHarness.ReadReady(watch);
        Assert.True(result.IsSuccess);
        Assert.Equal(
            [SessionEvent.KindOneofCase.TokenExpiring, SessionEvent.KindOneofCase.TokenExpired, SessionEvent.KindOneofCase.Terminated],
            RegistryHarness.Kinds(events));
        var exp = session.ExpiresAt;
        Assert.Equal([exp.AddSeconds(-60), exp, exp.AddSeconds(30)], events.Select(e => e.Time.ToDateTimeOffset()));
        Assert.True(watch.IsCompleted);
    }
}
