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
    public const int InFlight = 64;

    /// <summary>Attempts per call: the store answers UNAVAILABLE when Redis did not answer within its 2 s timeout (fail closed), which a crowded machine reaches.</summary>
    public const int Attempts = 5;

    private static int _retried;

    /// <summary>Calls answered UNAVAILABLE and tried again, since the process started.</summary>
    public static int Retried => Volatile.Read(ref _retried);

    /// <summary>The started sessions' ids, in index order.</summary>
    public static async Task<string[]> StartAsync(IReadOnlyList<ServerUnderTest> nodes, int count, Func<int, (string Instance, string Token)> request)
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
        {
            var node = nodes[i % nodes.Count];
            var (instance, token) = request(i);
            ids[i] = await WithRetries($"StartSession {i} on {node.GrpcAddress}", async () => (await node.StartAsync(instance, token).ConfigureAwait(false)).SessionId).ConfigureAwait(false);
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
            await WithRetries($"UpdateSessionToken of {id} on {node.GrpcAddress}", async () => await node.Sessions.UpdateSessionTokenAsync(new UpdateSessionTokenRequest { SessionId = id, Token = token }, ServerUnderTest.Deadline()).ResponseAsync.ConfigureAwait(false)).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Retries UNAVAILABLE only: a retried StartSession whose first attempt was stored after
    /// all replaces it (ONE-3), and a retried update adds one more token_updated, so the
    /// figures stay what they say; any other failure fails the figure.
    /// </summary>
    private static async Task<T> WithRetries<T>(string what, Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Unavailable && attempt < Attempts)
            {
                Interlocked.Increment(ref _retried);
            }
            catch (Grpc.Core.RpcException e)
            {
                throw new BenchFailedException($"{what} failed (attempt {attempt}): {e.Status.StatusCode} {e.Status.Detail}", e);
            }
        }
    }
}
