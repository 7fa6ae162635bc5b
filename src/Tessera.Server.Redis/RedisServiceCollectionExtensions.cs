using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Tessera.Server.Events;
using Tessera.Server.Storage;

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
        return services;
    }
}
