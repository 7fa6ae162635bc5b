using System.Globalization;
using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Cluster;

/// <summary>
/// Redis memory per session: <c>INFO memory</c> used_memory after N sessions started
/// through two nodes minus before, / N; then the same after filling the replay log of
/// some of them to event_replay_capacity (64 token_updated each). Baseline: the in-memory
/// node's managed heap per session for the same sessions and events.
/// </summary>
internal static class RedisMemory
{
    private const int ReplayCapacity = 64;

    public static async Task<(List<FigureRow> Rows, List<string> Method)> RunAsync(BenchContext context, RedisCluster cluster)
    {
        var sessions = context.Smoke ? 300 : 10_000;
        var withEvents = context.Smoke ? 30 : 1_000;
        var lifetime = TimeSpan.FromHours(1);
        var tokens = Enumerable.Range(0, sessions).Select(i => cluster.Memory.MintToken("mem-user-" + i.ToString(CultureInfo.InvariantCulture), lifetime)).ToArray();
        (string, string) Request(int i) => ("mem-instance-" + i.ToString(CultureInfo.InvariantCulture), tokens[i]);

        // Redis: the nodes have connected, subscribed and loaded nothing yet that grows with sessions.
        var redisBefore = cluster.Redis.UsedMemory();
        var redisIds = await SessionSeeder.StartAsync(cluster.Nodes, sessions, Request).ConfigureAwait(false);
        var redisSessions = cluster.Redis.UsedMemory();
        await SessionSeeder.UpdateAsync(cluster.Nodes, redisIds.Take(withEvents).Select((id, i) => (id, tokens[i])).ToArray(), ReplayCapacity).ConfigureAwait(false);
        var redisEvents = cluster.Redis.UsedMemory();
        var loggedEvents = await cluster.Redis.Connection.GetDatabase().ListLengthAsync("tessera:e:" + redisIds[0]).ConfigureAwait(false);

        var memoryBefore = await cluster.Memory.MemoryAsync().ConfigureAwait(false);
        var memoryIds = await SessionSeeder.StartAsync([cluster.Memory], sessions, Request).ConfigureAwait(false);
        var memorySessions = await cluster.Memory.MemoryAsync().ConfigureAwait(false);
        await SessionSeeder.UpdateAsync([cluster.Memory], memoryIds.Take(withEvents).Select((id, i) => (id, tokens[i])).ToArray(), ReplayCapacity).ConfigureAwait(false);
        var memoryEvents = await cluster.Memory.MemoryAsync().ConfigureAwait(false);

        var redisPerSession = (redisSessions - redisBefore) / (double)sessions;
        var redisPerFullLog = (redisEvents - redisSessions) / (double)withEvents;
        var managedPerSession = (memorySessions.Managed - memoryBefore.Managed) / (double)sessions;
        var managedPerFullLog = (memoryEvents.Managed - memorySessions.Managed) / (double)withEvents;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  Redis {redisPerSession:0} B per session, +{redisPerFullLog:0} B with {ReplayCapacity} events; in-memory {managedPerSession:0} B, +{managedPerFullLog:0} B"));
        if (loggedEvents != ReplayCapacity)
        {
            throw new Cli.BenchFailedException($"the replay log of {redisIds[0]} holds {loggedEvents} events after {ReplayCapacity} updates, not {ReplayCapacity}");
        }

        var rows = new List<FigureRow>
        {
            new(
                $"Redis memory per session, no events in its log ({sessions:N0} idle sessions, one hour of life, started through two nodes)",
                "in-memory node: managed heap per session, same sessions",
                string.Create(CultureInfo.InvariantCulture, $"**{Kb(redisPerSession)}** per session in Redis (used_memory {Mb(redisBefore)} -> {Mb(redisSessions)}); in-memory node {Kb(managedPerSession)} managed per session; ratio {redisPerSession / managedPerSession:0.00}"),
                "-",
                context.Smoke ? Verdict.NotJudged : "measured"),
            new(
                $"Redis memory per session with a full replay log ({ReplayCapacity} token_updated events, event_replay_capacity), {withEvents:N0} of those sessions",
                "in-memory node: managed heap, same sessions and events",
                string.Create(CultureInfo.InvariantCulture, $"**{Kb(redisPerSession + redisPerFullLog)}** per session in Redis ({Kb(redisPerFullLog)} for the {ReplayCapacity} events, {redisPerFullLog / ReplayCapacity:0} B per event); in-memory node {Kb(managedPerSession + managedPerFullLog)} per session ({managedPerFullLog / ReplayCapacity:0} B per event); ratio {(redisPerSession + redisPerFullLog) / (managedPerSession + managedPerFullLog):0.00}"),
                "-",
                context.Smoke ? Verdict.NotJudged : "measured"),
        };
        var method = new List<string>
        {
            $"Redis memory: on the redis-server of the figures above (nothing of theirs is freed during the run: replaced sessions are retained 10 min), `INFO memory` used_memory before, after {sessions:N0} StartSession calls through the two nodes ({SessionSeeder.InFlight} in flight, alternating nodes; one user and client instance each, HS256 tokens with an hour of life, so each session holds its hash, its instance key and two timer entries (expiring notice, expire) and no event), and after {ReplayCapacity} UpdateSessionToken calls to each of the first {withEvents:N0} (own token, accepted, one token_updated each: their logs are full, checked by LLEN). Per session = used_memory delta / sessions; per full log = the second delta / {withEvents:N0}. Replaced and terminated sessions are not in it (none are made, unless a StartSession was retried: see the retry count below). Baseline: the same calls on the in-memory node, its managed heap (`GC.GetTotalMemory` after forced full collections) at the same points.",
        };
        return (rows, method);
    }

    private static string Kb(double bytes) => (bytes / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " KB";

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
