using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Time;
using Tessera.Time;

namespace Tessera.Server.Redis;

/// <summary>Swaps the embedded store for <see cref="RedisSessionStore"/> (selected by <see cref="RedisStoreOptions.ConfigurationKey"/>).</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Call after <c>AddTesseraServer</c>: replaces <see cref="ISessionStore"/> with a
    /// Redis store on <paramref name="configuration"/> (host:port, or a StackExchange.Redis
    /// configuration string) and adds the timer takeover.
    /// </summary>
    public static IServiceCollection AddTesseraRedisStore(this IServiceCollection services, string configuration, RedisStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        var redisOptions = ConfigurationOptions.Parse(configuration);
        // Fail closed but recover: calls answer UNAVAILABLE quickly while Redis is away,
        // not after a queue's timeout (FailFast), and the multiplexer reconnects (and resubscribes) by itself when it is back.
        redisOptions.AbortOnConnectFail = false;
        redisOptions.ConnectTimeout = 2000;
        redisOptions.SyncTimeout = 2000;
        redisOptions.AsyncTimeout = 2000;
        redisOptions.BacklogPolicy = BacklogPolicy.FailFast;
        // TryAdd: a test or host that registered its own multiplexer keeps it.
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));
        services.AddSingleton(options ?? new RedisStoreOptions());
        services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<SessionEventHub>();
            return new RedisSessionStore(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<SessionPolicy>(),
                hub,
                sp.GetRequiredService<RedisStoreOptions>(),
                () => hub.AbortAll(WatchAbortReason.StoreUnavailable));
        });
        services.RemoveAll<ISessionStore>();
        services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<RedisSessionStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisTimerTakeover>());
        UseSharedTestClockWhenOn(services);
        return services;
    }

    /// <summary>
    /// With <c>--test-clock</c>: every node reads one clock kept in Redis and AdvanceTime on
    /// any node fires every node's due timers (CLK-2, CLK-3 across nodes), instead of a
    /// clock per node that would disagree with its peers. Decided when the services are
    /// resolved, because the options are bound (<see cref="IOptions{TOptions}"/>) only then;
    /// without the test clock the clock registered before this call is kept.
    /// </summary>
    private static void UseSharedTestClockWhenOn(IServiceCollection services)
    {
        var priorClock = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider));
        var priorTestClock = services.LastOrDefault(d => d.ServiceType == typeof(ITestClock));
        services.RemoveAll<TimeProvider>();
        services.RemoveAll<ITestClock>();
        services.AddSingleton<TimeProvider>(sp => TestClockOn(sp)
            ? new RedisSharedClock(sp.GetRequiredService<RedisSessionStore>())
            : Resolve<TimeProvider>(sp, priorClock) ?? TimeProvider.System);
        services.AddSingleton<ITestClock>(sp => TestClockOn(sp)
            ? new RedisTestClock(sp.GetRequiredService<RedisSessionStore>(), sp.GetRequiredService<SessionRegistry>())
            : Resolve<ITestClock>(sp, priorTestClock) ?? sp.GetRequiredService<TestClock>());
    }

    private static bool TestClockOn(IServiceProvider services) =>
        services.GetRequiredService<IOptions<TesseraServerOptions>>().Value.TestClockEnabled;

    /// <summary>What a replaced singleton registration would have given.</summary>
    private static T? Resolve<T>(IServiceProvider services, ServiceDescriptor? descriptor)
        where T : class => descriptor switch
    {
        null => null,
        { ImplementationInstance: T instance } => instance,
        { ImplementationFactory: { } factory } => (T)factory(services),
        { ImplementationType: { } type } => (T)ActivatorUtilities.CreateInstance(services, type),
        _ => null,
    };
}
