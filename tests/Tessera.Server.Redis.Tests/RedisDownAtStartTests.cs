using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;

namespace Tessera.Server.Redis.Tests;

/// <summary>
/// A node started while Redis is down: it starts, fails closed with UNAVAILABLE /
/// STORE_UNAVAILABLE, and serves once Redis is reachable, without a restart (issue 11).
/// Also the shared test clock as the host wires it: one clock on every node (CLK-2).
/// </summary>
public sealed class RedisDownAtStartTests
{
    [Fact]
    public async Task Host_StartedWithRedisDown_AnswersStoreUnavailable_ThenServesOnceRedisIsUp()
    {
        // Its own redis-server: this test stops it.
        using var redis = new RedisTestServer();
        redis.Stop();
        await using var host = await RedisHost.StartAsync(redis, RedisNode.NewPrefix(), testClock: true);
        var sessions = new SessionService.SessionServiceClient(host.Channel);
        var clock = new TestClockService.TestClockServiceClient(host.Channel);

        var down = await Assert.ThrowsAsync<RpcException>(() => sessions.GetSessionAsync(new GetSessionRequest { SessionId = "s-1" }).ResponseAsync);
        var clockDown = await Assert.ThrowsAsync<RpcException>(() => clock.GetTimeAsync(new GetTimeRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, down.StatusCode);
        Assert.Equal(ErrorReasons.StoreUnavailable, down.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(StatusCode.Unavailable, clockDown.StatusCode);

        redis.Start();

        // Readiness, bounded: the multiplexer reconnects on its own retry schedule.
        var reconnect = Stopwatch.StartNew();
        RpcException answer;
        while (true)
        {
            answer = await Assert.ThrowsAsync<RpcException>(() => sessions.GetSessionAsync(new GetSessionRequest { SessionId = "s-1" }).ResponseAsync);
            if (answer.StatusCode != StatusCode.Unavailable || reconnect.Elapsed > TimeSpan.FromSeconds(60))
            {
                break;
            }

            await Task.Delay(100);
        }

        // Served: the store looked and found no such session.
        Assert.Equal(ErrorReasons.SessionNotFound, answer.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        var before = (await clock.GetTimeAsync(new GetTimeRequest())).Now.ToDateTimeOffset();
        var after = (await clock.AdvanceTimeAsync(new AdvanceTimeRequest { By = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) })).Now.ToDateTimeOffset();
        Assert.Equal(before + TimeSpan.FromSeconds(5), after);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_2)]
    public async Task Node_StartedWithRedisDown_SubscribesOnceItIsBack_AndItsWatchersGetOtherNodesEvents()
    {
        using var redis = new RedisTestServer();
        redis.Stop();
        var clock = new Tessera.Time.ManualTimeProvider();
        var prefix = RedisNode.NewPrefix();
        var options = new Tessera.Server.Options.TesseraServerOptions();
        using var late = new RedisNode(redis, prefix, clock, options);

        Assert.Throws<Tessera.Server.Storage.SessionStoreUnavailableException>(() => late.StartOk("alice", "device-1", TimeSpan.FromHours(1)));

        redis.Start();
        using var other = new RedisNode(redis, prefix, clock, options);
        var session = other.StartOk("alice", "device-1", TimeSpan.FromHours(1));
        // Readiness, bounded: the late node's multiplexer reconnects on its own schedule.
        var reconnect = Stopwatch.StartNew();
        Tessera.Server.Sessions.DomainResult<Tessera.Server.Events.WatchSubscription> opened;
        while (true)
        {
            try
            {
                opened = late.Registry.Watch(session.SessionId, 0);
                break;
            }
            catch (Tessera.Server.Storage.SessionStoreUnavailableException) when (reconnect.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }

        using var watch = opened.Value!;
        Assert.Null(other.Registry.End(session.SessionId));

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<SessionEvent>();
        await foreach (var next in watch.ReadAllAsync(bound.Token))
        {
            events.Add(next);
        }

        var terminal = Assert.Single(events);
        Assert.Equal(SessionEndReason.Ended, terminal.Terminated.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.CLK_2)]
    public async Task Hosts_OnOneRedisWithTheTestClock_ReadTheClockOneOfThemAdvanced()
    {
        var prefix = RedisNode.NewPrefix();
        await using var a = await RedisHost.StartAsync(RedisTestServer.Shared, prefix, testClock: true);
        await using var b = await RedisHost.StartAsync(RedisTestServer.Shared, prefix, testClock: true);
        var clockA = new TestClockService.TestClockServiceClient(a.Channel);
        var clockB = new TestClockService.TestClockServiceClient(b.Channel);

        var before = (await clockB.GetTimeAsync(new GetTimeRequest())).Now;
        var advanced = (await clockA.AdvanceTimeAsync(new AdvanceTimeRequest { By = Duration.FromTimeSpan(TimeSpan.FromHours(1)) })).Now;
        var onB = (await clockB.GetTimeAsync(new GetTimeRequest())).Now;

        Assert.Equal(before.ToDateTimeOffset() + TimeSpan.FromHours(1), advanced.ToDateTimeOffset());
        Assert.Equal(advanced, onB);
    }
}
