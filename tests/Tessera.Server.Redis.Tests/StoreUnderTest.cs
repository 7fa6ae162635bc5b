using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Redis;
using Tessera.Server.Redis.Tests;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;

namespace Tessera.Server.Tests.Sessions;

/// <summary>
/// The store the linked registry tests run against here: <see cref="RedisSessionStore"/>
/// on the run's redis-server, a fresh key prefix per registry so tests never share state.
/// </summary>
internal static class StoreUnderTest
{
    public static SessionRegistry CreateRegistry(TesseraServerOptions options, TimeSpan leeway, TimeProvider time, ISessionLifecycleObserver observer, Action<TimerFiring, Exception> onTimerError)
    {
        var policy = SessionPolicy.From(options, leeway);
        var hub = new SessionEventHub(options.WatcherBufferCapacity);
        var store = new RedisSessionStore(
            RedisTestServer.Shared.Connection,
            policy,
            hub,
            new RedisStoreOptions { KeyPrefix = "t" + Guid.NewGuid().ToString("N") + ":" },
            () => hub.AbortAll(WatchAbortReason.StoreUnavailable));
        return new SessionRegistry(options, policy, time, store, hub, observer, onTimerError);
    }
}
