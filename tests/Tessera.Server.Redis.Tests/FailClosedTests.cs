using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Tessera.Protocol.V1;
using Tessera.Server.Events;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;
using Tessera.Time;

namespace Tessera.Server.Redis.Tests;

/// <summary>Redis gone: calls fail UNAVAILABLE, nothing is served from local state; Redis back: served again (issue 11).</summary>
public sealed class FailClosedTests
{
    [Fact]
    public async Task RedisStoppedAndRestarted_CallsFailUnavailableThenSucceedWithoutRestart()
    {
        // Its own redis-server: this test kills it.
        using var server = new RedisTestServer();
        var clock = new ManualTimeProvider();
        using var node = new RedisNode(server, RedisNode.NewPrefix(), clock, new TesseraServerOptions());
        var live = node.StartOk("alice", "device-1", TimeSpan.FromHours(1));
        using var watch = node.Registry.Watch(live.SessionId, 0).Value!;

        server.Stop();

        Assert.Throws<SessionStoreUnavailableException>(() => node.Registry.Get(live.SessionId));
        Assert.Throws<SessionStoreUnavailableException>(() => Start(node, "bob", "device-2"));
        Assert.Throws<SessionStoreUnavailableException>(() => node.Registry.End(live.SessionId));
        // The watch on this node may have missed events: it is cut so that its client resumes.
        var cut = await Assert.ThrowsAsync<WatchStreamAbortedException>(async () =>
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await foreach (var unused in watch.ReadAllAsync(bound.Token))
            {
            }
        });
        Assert.Equal(WatchAbortReason.StoreUnavailable, cut.Reason);

        server.Start();

        // Readiness, bounded: the multiplexer reconnects on its own retry schedule.
        var reconnect = Stopwatch.StartNew();
        DomainResult<SessionSnapshot> again;
        while (true)
        {
            try
            {
                again = Start(node, "carol", "device-3");
                break;
            }
            catch (SessionStoreUnavailableException) when (reconnect.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }

        Assert.True(again.IsSuccess, again.ToString());
        Assert.Equal(SessionState.Active, node.Registry.Get(again.Value!.SessionId).Value?.State);
    }

    [Fact]
    public async Task StoreUnavailable_OnTheWire_IsUnavailableWithItsErrorInfo()
    {
        var interceptor = new StoreUnavailableInterceptor();

        var thrown = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<GetSessionRequest, GetSessionResponse>(
            new GetSessionRequest(),
            null!,
            (_, _) => throw new SessionStoreUnavailableException("the session store (Redis) is unreachable")));

        Assert.Equal(StatusCode.Unavailable, thrown.StatusCode);
        var info = thrown.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal(ErrorReasons.StoreUnavailable, info?.Reason);
        Assert.Equal(ErrorReasons.Domain, info?.Domain);
    }

    private static DomainResult<SessionSnapshot> Start(RedisNode node, string user, string instance)
    {
        var token = new ValidatedToken("app-1", user, [], node.Clock.GetUtcNow() + TimeSpan.FromHours(1), node.Clock.GetUtcNow(), null);
        return node.Registry.Start(new StartSessionInput(instance, TokenCheck.Valid(token), null, TesseraServerOptions.ProtocolVersionV1, ""));
    }
}
