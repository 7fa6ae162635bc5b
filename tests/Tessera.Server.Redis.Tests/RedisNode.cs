using StackExchange.Redis;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;
using Tessera.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tessera.Server.Redis.Tests;

/// <summary>
/// One node of a deployment inside the test process: its own Redis connection,
/// event hub, scheduler and registry, on a Redis key prefix shared with its peers.
/// </summary>
internal sealed class RedisNode : IDisposable
{
    public RedisNode(RedisTestServer server, string prefix, ManualTimeProvider clock, TesseraServerOptions options, TimeSpan? lease = null, TimeProvider? leaseClock = null)
    {
        Connection = ConnectionMultiplexer.Connect(server.Configuration());
        Hub = new SessionEventHub(options.WatcherBufferCapacity);
        var policy = SessionPolicy.From(options, TimeSpan.Zero);
        Store = new RedisSessionStore(
            Connection,
            policy,
            Hub,
            new RedisStoreOptions { KeyPrefix = prefix, TimerLease = lease ?? TimeSpan.FromSeconds(2), LeaseClock = leaseClock ?? TimeProvider.System },
            () => Hub.AbortAll(WatchAbortReason.StoreUnavailable));
        Registry = new SessionRegistry(options, policy, clock, Store, Hub);
        Takeover = new RedisTimerTakeover(Store, Registry, NullLogger<RedisTimerTakeover>.Instance);
        Clock = clock;
    }

    public ConnectionMultiplexer Connection { get; }

    public SessionEventHub Hub { get; }

    public RedisSessionStore Store { get; }

    public SessionRegistry Registry { get; }

    public RedisTimerTakeover Takeover { get; }

    public ManualTimeProvider Clock { get; }

    public static string NewPrefix() => "n" + Guid.NewGuid().ToString("N") + ":";

    public SessionSnapshot StartOk(string user, string instance, TimeSpan lifetime)
    {
        var token = new ValidatedToken("app-1", user, [], Clock.GetUtcNow() + lifetime, Clock.GetUtcNow(), null);
        var result = Registry.Start(new StartSessionInput(instance, TokenCheck.Valid(token), null, TesseraServerOptions.ProtocolVersionV1, ""));
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value!;
    }

    /// <summary>A node that stops without a word: its scheduler never fires again, its connection is gone.</summary>
    public void Kill()
    {
        Registry.Dispose();
        Store.Dispose();
        Connection.Dispose();
    }

    public void Dispose() => Kill();
}
