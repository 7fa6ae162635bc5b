using System.Globalization;
using Tessera.Bench.Cli;
using Tessera.Bench.Orchestration;
using Tessera.Bench.Server;
using Tessera.Protocol.V1;

namespace Tessera.Bench.Cluster;

/// <summary>
/// StartSession and UpdateSessionToken req/s of two nodes on one Redis, the load split
/// evenly over both (one h2load per node, run at the same time), against the in-memory
/// store on one node with the same total connections and streams, in palindrome order
/// (memory, cluster, cluster, memory) per round.
/// </summary>
/// <remarks>
/// The bodies are the request-rate figures' own: one StartSession token and
/// client_instance_id for every request on both nodes (ONE-3 REPLACE every time, now
/// decided in Redis across nodes), and one session updated with its own token from both
/// nodes (UPD-4: an equal exp is not stale), so each request runs the full update and
/// logs and publishes a token_updated.
/// </remarks>
internal static class ClusterThroughput
{
    private const int SmokeRequests = 200;
    private const double BurstSeconds = 1;

    public static async Task<(List<FigureRow> Rows, List<string> Method)> RunAsync(BenchContext context, RedisCluster cluster)
    {
        if (!H2Load.IsInstalled())
        {
            throw new BenchFailedException("h2load is not installed (Debian: nghttp2-client; scripts/install-deps.sh installs it).");
        }

        var memory = cluster.Memory;
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        var lifetime = TimeSpan.FromHours(1);
        var startBody = Body(context, "cluster-start", memory.StartRequest("bench-start", memory.MintToken("bench-start", lifetime)));
        var memoryUpdateToken = memory.MintToken("bench-update", lifetime);
        var memoryUpdate = await memory.StartAsync("bench-update", memoryUpdateToken).ConfigureAwait(false);
        var clusterUpdateToken = a.MintToken("bench-update", lifetime);
        var clusterUpdate = await a.StartAsync("bench-update", clusterUpdateToken).ConfigureAwait(false);
        var loads = new[]
        {
            new Load("start", "StartSession", startBody, startBody),
            new Load(
                "update",
                "UpdateSessionToken",
                Body(context, "memory-update", new UpdateSessionTokenRequest { SessionId = memoryUpdate.SessionId, Token = memoryUpdateToken }),
                Body(context, "cluster-update", new UpdateSessionTokenRequest { SessionId = clusterUpdate.SessionId, Token = clusterUpdateToken })),
        };

        // Same connections and streams in total: the one node gets all, each cluster node half the connections.
        var single = new H2LoadSettings(Threads: 1, Clients: context.Smoke ? 2 : 4, Streams: context.Smoke ? 8 : 32, Requests: SmokeRequests);
        var half = single with { Clients = single.Clients / 2 };
        var memoryBurst = loads.ToDictionary(l => l.Name, _ => SmokeRequests);
        var clusterBurst = loads.ToDictionary(l => l.Name, _ => SmokeRequests);
        if (!context.Smoke)
        {
            // Unrecorded warm-up; each side's rate sizes its bursts to about a second.
            foreach (var load in loads)
            {
                var warm = await MemoryBurstAsync(memory, load, single with { Requests = 30_000 }, context).ConfigureAwait(false);
                memoryBurst[load.Name] = (int)Math.Clamp(warm * BurstSeconds, 2_000, 2_000_000);
                var clusterWarm = await ClusterBurstAsync(cluster, load, half, 6_000, context).ConfigureAwait(false);
                clusterBurst[load.Name] = (int)Math.Clamp(clusterWarm * BurstSeconds, 2_000, 2_000_000);
            }
        }

        var ratios = loads.ToDictionary(l => l.Name, _ => new List<double>());
        var memoryRates = loads.ToDictionary(l => l.Name, _ => new List<double>());
        var clusterRates = loads.ToDictionary(l => l.Name, _ => new List<double>());
        var rounds = Math.Min(context.Rounds, 3);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var load in loads)
            {
                var m1 = await MemoryBurstAsync(memory, load, single with { Requests = memoryBurst[load.Name] }, context).ConfigureAwait(false);
                var c1 = await ClusterBurstAsync(cluster, load, half, clusterBurst[load.Name], context).ConfigureAwait(false);
                var c2 = await ClusterBurstAsync(cluster, load, half, clusterBurst[load.Name], context).ConfigureAwait(false);
                var m2 = await MemoryBurstAsync(memory, load, single with { Requests = memoryBurst[load.Name] }, context).ConfigureAwait(false);
                var ratio = Palindrome.RatioPercent(c1, c2, m1, m2);
                ratios[load.Name].Add(ratio);
                memoryRates[load.Name].AddRange([m1, m2]);
                clusterRates[load.Name].AddRange([c1, c2]);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}/{rounds} {load.Name,-6} two Redis nodes / in-memory node {(c1 + c2) / 2,9:0} / {(m1 + m2) / 2,9:0} req/s = {ratio,4:0} %"));
            }
        }

        var rows = loads.Select(load => new FigureRow(
            $"`{load.Method}` req/s, two nodes on one Redis (load split evenly over both)",
            "in-memory store, one node, same h2load connections and streams in total",
            string.Create(CultureInfo.InvariantCulture, $"{Spread.Of(ratios[load.Name]).Format("0", " %")}; {Spread.Of(clusterRates[load.Name]).Median:N0} vs {Spread.Of(memoryRates[load.Name]).Median:N0} req/s (medians of all bursts)"),
            "-",
            context.Smoke ? Verdict.NotJudged : "measured")).ToList();
        var method = new List<string>
        {
            $"Request rates: the in-memory node gets {single.Describe("N")}; each Redis node gets its own {half.Describe("N/2")} at the same time (both pinned to the load core), so the cluster sees the same connections and streams in total. Cluster rate = all requests / the longer of the two h2load runs. Every node process and redis-server (no persistence) run on the server core ({context.Cores.Description}): the deployment gets the one core the in-memory node gets.",
            "Bodies as in the request-rate figures: StartSession with one token and client_instance_id for every request on both nodes (REPLACE every time, decided by the Redis script across nodes); UpdateSessionToken of one session (started on node A) with its own token from both nodes. Checked on every burst: h2load saw every request succeed with a 2xx, and the nodes together counted exactly that many grpc-status 0 answers and nothing else.",
            $"Rounds: {rounds} (at most 3: the Redis side is slow enough that more would double the section's time){(context.Smoke ? string.Empty : ", after one unrecorded warm-up burst per side that sizes the bursts to about a second")}; each round per method in palindrome order (memory, cluster, cluster, memory), ratio (C1 + C2) / (M1 + M2).",
        };
        return (rows, method);
    }

    private static async Task<double> MemoryBurstAsync(ServerUnderTest server, Load load, H2LoadSettings settings, BenchContext context)
    {
        var before = await server.StatsAsync().ConfigureAwait(false);
        var result = await H2Load.RunAsync(new Uri(server.GrpcAddress, ServerUnderTest.PathOf(load.Method)), load.MemoryBody, settings, context.Cores.LoadCore).ConfigureAwait(false);
        Check(load, "in-memory node", result, settings.Requests);
        await CheckCountedAsync(load, [server], [before], settings.Requests).ConfigureAwait(false);
        return result.RequestsPerSecond;
    }

    private static async Task<double> ClusterBurstAsync(RedisCluster cluster, Load load, H2LoadSettings half, int requests, BenchContext context)
    {
        var before = await Task.WhenAll(cluster.Nodes.Select(n => n.StatsAsync())).ConfigureAwait(false);
        var share = requests / cluster.Nodes.Count;
        var settings = half with { Requests = Math.Max(share, half.Clients * half.Streams) };
        var runs = cluster.Nodes.Select(n => H2Load.RunAsync(new Uri(n.GrpcAddress, ServerUnderTest.PathOf(load.Method)), load.ClusterBody, settings, context.Cores.LoadCore)).ToArray();
        var results = await Task.WhenAll(runs).ConfigureAwait(false);
        foreach (var result in results)
        {
            Check(load, "Redis node", result, settings.Requests);
        }

        await CheckCountedAsync(load, cluster.Nodes, before, settings.Requests * cluster.Nodes.Count).ConfigureAwait(false);
        return CombinedRate(settings.Requests, results.Select(r => r.RequestsPerSecond).ToArray());
    }

    /// <summary>
    /// The rate of h2load runs that started together with <paramref name="requestsEach"/>
    /// requests each: each run's elapsed time is its requests / its rate, and all the
    /// requests were served within the longest, so a run that finished early is not
    /// credited with the idle time after it (summing the rates would be).
    /// </summary>
    public static double CombinedRate(int requestsEach, IReadOnlyList<double> rates) =>
        requestsEach * rates.Count / rates.Max(rate => requestsEach / rate);

    private static void Check(Load load, string side, H2LoadResult result, int requests)
    {
        if (result.Succeeded != requests || result.Failed != 0 || result.Errored != 0 || result.Timeout != 0 || result.Status2xx != requests || result.StatusOther != 0)
        {
            throw new BenchFailedException($"{load.Method} on the {side}: h2load: {result.Succeeded} of {requests} succeeded, {result.Failed} failed, {result.Errored} errored, {result.Timeout} timeout, {result.Status2xx} 2xx, {result.StatusOther} other statuses");
        }
    }

    private static async Task CheckCountedAsync(Load load, IReadOnlyList<ServerUnderTest> servers, IReadOnlyList<ServeStats> before, long expected)
    {
        // The counting middleware can trail h2load's exit by a moment.
        for (var attempt = 0; ; attempt++)
        {
            var after = await Task.WhenAll(servers.Select(s => s.StatsAsync())).ConfigureAwait(false);
            var ok = after.Select((a, i) => a.Status("grpc/0") - before[i].Status("grpc/0")).Sum();
            var failed = after.Select((a, i) => a.Failures("grpc", "0") - before[i].Failures("grpc", "0")).Sum();
            if (failed != 0 || ok > expected || (ok < expected && attempt >= 10))
            {
                throw new BenchFailedException($"{load.Method}: the servers counted {ok} OK answers and {failed} others for {expected} requests");
            }

            if (ok == expected)
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static string Body(BenchContext context, string name, Google.Protobuf.IMessage message)
    {
        var path = Path.Combine(context.WorkDirectory, name + ".body");
        File.WriteAllBytes(path, GrpcFrame.Encode(message));
        return path;
    }

    private sealed record Load(string Name, string Method, string MemoryBody, string ClusterBody);
}
