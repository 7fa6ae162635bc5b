using StackExchange.Redis;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Server.Redis.Tests;

/// <summary>
/// One node of a test-clock deployment inside the test process: like <see cref="RedisNode"/>,
/// but its rules read the clock shared through Redis and its <see cref="TestClock"/> is the
/// one AdvanceTime reaches on this node (CLK-2, CLK-3 across nodes).
/// </summary>
internal sealed class SharedClockNode : IDisposable
{
    /// <param name="sink">Wraps the hub the store hands events to (a slow node), or null.</param>
    public SharedClockNode(RedisTestServer server, string prefix, TesseraServerOptions options, Func<ISessionEventSink, ISessionEventSink>? sink = null)
    {
        Connection = ConnectionMultiplexer.Connect(server.Configuration());
        Hub = new SessionEventHub(options.WatcherBufferCapacity);
        var policy = SessionPolicy.From(options, TimeSpan.Zero);
        Store = new RedisSessionStore(Connection, policy, sink?.Invoke(Hub) ?? Hub, new RedisStoreOptions { KeyPrefix = prefix }, () => Hub.AbortAll(WatchAbortReason.StoreUnavailable));
        Time = new RedisSharedClock(Store);
        Registry = new SessionRegistry(options, policy, Time, Store, Hub);
        TestClock = new RedisTestClock(Store, Registry);
    }

    public ConnectionMultiplexer Connection { get; }

    public SessionEventHub Hub { get; }

    public RedisSessionStore Store { get; }

    public RedisSharedClock Time { get; }

    public SessionRegistry Registry { get; }

    public RedisTestClock TestClock { get; }

    public SessionSnapshot StartOk(string user, string instance, TimeSpan lifetime)
    {
        var now = Time.GetUtcNow();
        var token = new ValidatedToken("app-1", user, [], now + lifetime, now, null);
        var result = Registry.Start(new StartSessionInput(instance, TokenCheck.Valid(token), null, TesseraServerOptions.ProtocolVersionV1, ""));
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value!;
    }

    public DateTimeOffset Advance(TimeSpan by)
    {
        var result = TestClock.Advance(by);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value;
    }

    public void Dispose()
    {
        Registry.Dispose();
        Store.Dispose();
        Connection.Dispose();
    }
}
