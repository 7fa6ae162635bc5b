using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;
using Tessera.Server.Hosting;

namespace Tessera.ReferenceServer.Tests;

public sealed class TestClockTests
{
    [Fact]
    [Trait("Requirement", Req.CLK_1)]
    public async Task GetTime_WithoutTestClock_IsUnimplemented()
    {
        await using var host = await ReferenceServerHost.StartAsync(ReferenceServerSettings.Development(useTestClock: false));
        using var channel = GrpcChannel.ForAddress(host.Address);

        var e = await Assert.ThrowsAsync<RpcException>(() => new TestClockService.TestClockServiceClient(channel).GetTimeAsync(new GetTimeRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        var info = await new SessionService.SessionServiceClient(channel).GetServerInfoAsync(new GetServerInfoRequest());
        Assert.False(info.TestClockEnabled);
    }

    [Fact]
    [Trait("Requirement", Req.CLK_2)]
    public async Task GetTime_WithoutAdvance_DoesNotMove()
    {
        await using var server = await ServerFixture.StartAsync();
        var first = await server.NowAsync();
        await server.StartAsync(await server.TokenAsync());

        Assert.Equal(first, await server.NowAsync());
        await server.AdvanceAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(first + TimeSpan.FromSeconds(90), await server.NowAsync());
    }

    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    [Trait("Requirement", Req.EXP_1)]
    public async Task AdvanceTime_PastExpiryAndGrace_HasFiredEveryTimerWhenItReturns()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ExpiryGrace = TimeSpan.FromSeconds(30));
        var session = (await server.StartAsync(await server.TokenAsync(lifetime: TimeSpan.FromMinutes(5)))).Session;
        using var watch = server.Sessions.WatchSession(new WatchSessionRequest { SessionId = session.SessionId });

        // One advance over expiry (5 min + 5 s leeway) and the grace end: both timers are due.
        await server.AdvanceAsync(TimeSpan.FromMinutes(6));

        // No waiting: the state is final the moment AdvanceTime has returned.
        await ErrorAssert.FailsWith(server.GetAsync(session.SessionId), StatusCode.FailedPrecondition, "SESSION_TERMINATED");
        var kinds = new List<SessionEvent.KindOneofCase>();
        while (await watch.ResponseStream.MoveNext())
        {
            kinds.Add(watch.ResponseStream.Current.Event.KindCase);
        }

        Assert.Equal([SessionEvent.KindOneofCase.TokenExpiring, SessionEvent.KindOneofCase.TokenExpired, SessionEvent.KindOneofCase.Terminated], kinds);
        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);
    }

    [Theory]
    [Trait("Requirement", Req.CLK_4)]
    [InlineData(0L, 0)]
    [InlineData(-1L, 0)]
    [InlineData(0L, -5)]
    [InlineData(366L * 86400 + 1, 0)]
    public async Task AdvanceTime_OutOfRange_IsInvalidRequest(long seconds, int nanos)
    {
        await using var server = await ServerFixture.StartAsync();
        var before = await server.NowAsync();

        var call = server.Clock.AdvanceTimeAsync(new AdvanceTimeRequest { By = new Duration { Seconds = seconds, Nanos = nanos } }).ResponseAsync;

        await ErrorAssert.FailsWith(call, StatusCode.InvalidArgument, "INVALID_REQUEST", "FIX_REQUEST");
        Assert.Equal(before, await server.NowAsync());
    }
}
