using Tessera.Bench.Cli;
using Tessera.Bench.Orchestration;
using Tessera.Protocol.V1;

namespace Tessera.Bench.Cluster;

/// <summary>
/// Starts many sessions through the servers' own StartSession (gRPC), many calls in flight,
/// session i on node i mod N: each session is created, and its timers armed, by the node
/// that would own it in a deployment, the same way one client's StartSession does.
/// </summary>
internal static class SessionSeeder
{
    public const int InFlight = 128;

    /// <summary>The started sessions' ids, in index order.</summary>
    public static async Task<string[]> StartAsync(IReadOnlyList<ServerUnderTest> nodes, int count, Func<int, (string Instance, string Token)> request)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
        {
            var node = nodes[i % nodes.Count];
            var (instance, token) = request(i);
            try
            {
                ids[i] = (await node.StartAsync(instance, token).ConfigureAwait(false)).SessionId;
            }
            catch (Grpc.Core.RpcException e)
            {
                throw new BenchFailedException($"StartSession {i} on {node.GrpcAddress} failed: {e.Status.StatusCode} {e.Status.Detail}", e);
            }
        }).ConfigureAwait(false);
        return ids;
    }

    /// <summary><paramref name="times"/> UpdateSessionToken calls per session (each with the session's own token, so each is accepted and logs one token_updated), spread over the nodes.</summary>
    public static async Task UpdateAsync(IReadOnlyList<ServerUnderTest> nodes, IReadOnlyList<(string SessionId, string Token)> sessions, int times)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions.Count * times), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (n, _) =>
        {
            var (id, token) = sessions[n % sessions.Count];
            var node = nodes[n % nodes.Count];
            try
            {
                await node.Sessions.UpdateSessionTokenAsync(new UpdateSessionTokenRequest { SessionId = id, Token = token }, ServerUnderTest.Deadline()).ResponseAsync.ConfigureAwait(false);
            }
            catch (Grpc.Core.RpcException e)
            {
                throw new BenchFailedException($"UpdateSessionToken of {id} on {node.GrpcAddress} failed: {e.Status.StatusCode} {e.Status.Detail}", e);
            }
        }).ConfigureAwait(false);
    }
}
