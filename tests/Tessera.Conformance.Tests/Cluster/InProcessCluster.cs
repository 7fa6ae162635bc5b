using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Target;
using Tessera.Server.Events;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Time;
using Tessera.Server.Tokens;
using Tessera.Time;

namespace Tessera.Conformance.Tests.Cluster;

/// <summary>
/// N reference-server nodes in this process, each a full host on its own
/// loopback port, sharing what a multi-node deployment shares: one session
/// store, the event fan-out between nodes, every node's timers (takeover),
/// the signing secret and, with the test clock, one clock (CLK-3 across
/// nodes: an advance on any node fires every node's due timers before it
/// returns). A legitimate deployment of the in-memory store, so the suite's
/// cluster mode runs in CI without Redis.
/// </summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    private readonly EmbeddedTarget[] _nodes;
    private readonly ClusterEventBus _bus;
    private readonly ClusterTimerRelay _relay;

    private InProcessCluster(EmbeddedTarget[] nodes, string secret, ClusterEventBus bus, ClusterTimerRelay relay)
    {
        _nodes = nodes;
        Secret = secret;
        _bus = bus;
        _relay = relay;
    }

    public IReadOnlyList<Uri> Addresses => [.. _nodes.Select(n => n.Address)];

    /// <summary>The HS256 secret (UTF-8 text, kid "dev") every node trusts.</summary>
    public string Secret { get; }

    /// <summary>What the suite needs to judge the cluster: every node, the key, and the hook that stops a node.</summary>
    public TargetOptions Target => new()
    {
        Address = _nodes[0].Address,
        MoreNodes = [.. _nodes.Skip(1).Select(n => n.Address)],
        Hs256Secret = Secret,
        KeyId = "dev",
        StopNode = StopNodeAsync,
    };

    public static async Task<InProcessCluster> StartAsync(int count, ClusterFaults? faults = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        faults ??= new ClusterFaults();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var bus = new ClusterEventBus(count);
        var relay = faults.Timers?.Invoke(count) ?? new ClusterTimerRelay(count);
        var sink = faults.Sink?.Invoke(bus) ?? bus;
        var clock = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
        var testClock = new TestClock(clock);
        var storeGate = new Lock();
        InMemorySessionStore? store = null;

        // Every node has the same options, so the first to ask builds the store with its policy.
        InMemorySessionStore Store(SessionPolicy policy)
        {
            lock (storeGate)
            {
                return store ??= new InMemorySessionStore(policy, sink);
            }
        }

        var nodes = new List<EmbeddedTarget>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var node = i;
                nodes.Add(await EmbeddedTarget.StartAsync(
                    realClock: false,
                    cancellation,
                    services =>
                    {
                        services.Replace(ServiceDescriptor.Singleton(clock));
                        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                        services.Replace(ServiceDescriptor.Singleton(testClock));
                        Wrap<SessionEventHub>(services, hub => bus.Attach(node, hub));
                        Wrap<SessionRegistry>(services, registry => relay.Attach(node, registry));
                        services.Replace(ServiceDescriptor.Singleton<ISessionStore>(sp =>
                        {
                            var nodeStore = new ClusterNodeStore(Store(sp.GetRequiredService<SessionPolicy>()), node, relay);
                            return faults.Store?.Invoke(nodeStore, node) ?? nodeStore;
                        }));
                    },
                    tokens => tokens.SharedSecrets = [new SharedSecretOptions { KeyId = "dev", Secret = secret, Encoding = SecretEncoding.Utf8, Algorithms = ["HS256"] }]).ConfigureAwait(false));
            }
        }
        catch
        {
            foreach (var started in nodes)
            {
                await started.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new InProcessCluster([.. nodes], secret, bus, relay);
    }

    /// <summary>
    /// Stops node <paramref name="index"/> for good: the others stop handing it
    /// events and timers first, as they would lose a dead peer, then its host stops.
    /// </summary>
    public async Task StopNodeAsync(int index)
    {
        _relay.Detach(index);
        _bus.Detach(index);
        await _nodes[index].StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Re-registers the singleton <typeparamref name="T"/> so that <paramref name="attach"/> sees the instance the server builds.</summary>
    private static void Wrap<T>(IServiceCollection services, Func<T, T> attach)
        where T : class
    {
        var original = services.Last(d => d.ServiceType == typeof(T));
        services.Replace(ServiceDescriptor.Singleton(sp => attach(
            original.ImplementationFactory is { } factory ? (T)factory(sp)
            : original.ImplementationInstance is T instance ? instance
            : (T)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!))));
    }
}
