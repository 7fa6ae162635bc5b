using System.Security.Cryptography;
using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Cluster;

/// <summary>
/// A fresh redis-server and N <c>serve --redis</c> nodes on it, every process on the
/// server core, all with one HS256 secret so a token minted for one node is valid on
/// every node. With <c>withMemoryNode</c>, also the baseline: one <c>serve</c> on the
/// in-memory store with the same secret, started alongside so figure and baseline
/// are measured back to back.
/// </summary>
internal sealed class RedisCluster : IAsyncDisposable
{
    private RedisCluster(RedisServer redis, IReadOnlyList<ServerUnderTest> nodes, ServerUnderTest? memoryNode)
    {
        Redis = redis;
        Nodes = nodes;
        MemoryNode = memoryNode;
    }

    public RedisServer Redis { get; }

    public IReadOnlyList<ServerUnderTest> Nodes { get; }

    /// <summary>The in-memory single node (the baseline), when asked for.</summary>
    public ServerUnderTest? MemoryNode { get; }

    public ServerUnderTest Memory => MemoryNode ?? throw new InvalidOperationException("started without the in-memory node");

    public static async Task<RedisCluster> StartAsync(BenchContext context, string name, int nodes, bool withMemoryNode, params string[] serveOptions)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var redis = RedisServer.Start(context);
        var started = new List<Task<ServerUnderTest>>();
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                started.Add(ServerUnderTest.StartAsync(context, $"{name}-node{(char)('a' + i)}", ["--redis", redis.Endpoint, "--secret", secret, .. serveOptions]));
            }

            if (withMemoryNode)
            {
                started.Add(ServerUnderTest.StartAsync(context, $"{name}-memory", ["--secret", secret, .. serveOptions]));
            }

            await Task.WhenAll(started).ConfigureAwait(false);
            var servers = started.Select(t => t.Result).ToList();
            return new RedisCluster(redis, servers.Take(nodes).ToArray(), withMemoryNode ? servers[^1] : null);
        }
        catch
        {
            foreach (var task in started.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync().ConfigureAwait(false);
            }

            redis.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Append(MemoryNode).OfType<ServerUnderTest>().Select(n => n.DisposeAsync().AsTask())).ConfigureAwait(false);
        Redis.Dispose();
    }
}
