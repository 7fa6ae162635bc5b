using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using Tessera.Bench.Cli;
using Tessera.Bench.Expiry;
using Tessera.Bench.Orchestration;
using Tessera.Server.Tokens;

namespace Tessera.Bench.Cluster;

/// <summary>
/// Expiry lateness with sessions in Redis on the real clock: two nodes on one Redis,
/// N sessions started through them with exp + leeway spread evenly over a window, and
/// how late each left ACTIVE, read back from Redis after the run: the token_expired
/// event's time (the firing node's clock when it decided, written by the same script)
/// minus exp + leeway. A second run kills one node (SIGKILL) in the middle of the
/// window; the other must fire its timers through takeover within the lease.
/// Baseline: the in-memory single node's <c>expiry</c> child, same count and window.
/// </summary>
internal static class ClusterExpiry
{
    private static readonly TimeSpan Lease = new Tessera.Server.Redis.RedisStoreOptions().TimerLease;
    private static readonly TimeSpan Leeway = new TokenValidationOptions().ClockSkewLeeway;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(3);

    public static async Task<(List<FigureRow> Rows, List<string> Method)> RunAsync(BenchContext context)
    {
        var sessions = context.Smoke ? 200 : 100_000;
        var spread = TimeSpan.FromSeconds(context.Smoke ? 1 : 60);
        var calm = await RunOnceAsync(context, sessions, spread, kill: false).ConfigureAwait(false);
        var killed = await RunOnceAsync(context, sessions, spread, kill: true).ConfigureAwait(false);
        ExpiryResult? baseline = context.Smoke ? null : await InMemoryBaselineAsync(context, sessions, spread).ConfigureAwait(false);

        var count = sessions >= 1000 ? $"{sessions / 1000}k" : sessions.ToString(CultureInfo.InvariantCulture);
        var baselineText = baseline is null
            ? "in-memory node: not run in smoke (the expiry figure's smoke runs it)"
            : string.Create(CultureInfo.InvariantCulture, $"in-memory single node (`expiry` child, same count and window): p99 {baseline.ExpireP99:0.0} ms, max {baseline.ExpireMax:0.0} ms, p50 {baseline.ExpireP50:0.0} ms");
        var leaseMs = Lease.TotalMilliseconds;
        var rows = new List<FigureRow>
        {
            new(
                $"expiry lateness, {count} sessions in Redis (two nodes) expiring over {spread.TotalSeconds:0} s, real clock",
                "each session's exp + leeway; " + baselineText,
                string.Create(CultureInfo.InvariantCulture, $"p99 **{calm.P99:0.0} ms**, max {calm.Max:0.0} ms, p50 {calm.P50:0.0} ms; {calm.SetupNote}"),
                "p99 <= 250 ms",
                Verdict.Of(context.Smoke, calm.P99 <= 250)),
            new(
                $"expiry lateness, same, node B killed (SIGKILL) {spread.TotalSeconds / 2:0} s into the window",
                "each session's exp + leeway; the no-kill run above",
                string.Create(CultureInfo.InvariantCulture, $"p99 **{killed.P99:0.0} ms**, max {killed.Max:0.0} ms, p50 {killed.P50:0.0} ms over all {killed.Count:N0}; node B's sessions due after the kill ({killed.Orphans:N0}, fired by node A's takeover): p50 {killed.OrphanP50:0.0} ms, p99 {killed.OrphanP99:0.0} ms, max {killed.OrphanMax:0.0} ms; everything else p99 {killed.OthersP99:0.0} ms; {killed.SetupNote}"),
                $"p99 <= lease + 250 ms = {leaseMs + 250:0} ms",
                Verdict.Of(context.Smoke, killed.P99 <= leaseMs + 250)),
        };
        var method = new List<string>
        {
            $"Expiry in Redis: a fresh redis-server and two nodes per run. {sessions:N0} sessions (one user and client instance each, HS256 tokens whose exp carries a fraction, so exp + leeway is spread evenly over the {spread.TotalSeconds:0} s window) are started through the nodes' own StartSession, {SessionSeeder.InFlight} calls in flight, session i on node i mod 2. Not pipelined store calls: a session's Expire timer is armed in the scheduler of the node whose StartSession created it (the shared sorted set only serves takeover), so sessions written straight into Redis would belong to no node and fire only by takeover, a lease late; going through StartSession makes each node own and fire half of them, as in a deployment. Before the timed set-up, {PreSeed(sessions):N0} sessions with an hour of life are started (unmeasured) to warm the nodes and to size the lead: the window opens after 1.5 times the set-up time estimated from the warm second half of them, plus 5 s.",
            $"Lateness = the token_expired event's time (the firing node's clock when it decided to expire the session, the `now` the script stamps on the event) - (exp + leeway {Leeway.TotalSeconds:0} s), read back from Redis after the window (pipelined HGET exp + LRANGE of each session's event log); a session still ACTIVE 3 min after the window fails the run (EXP-1); one that expired later than the window is a figure, however late. Like the in-memory figure (the store's clock at the transition) it does not include delivery to a watcher. The lease is {leaseMs:0} ms (`RedisStoreOptions.TimerLease`); takeover claims entries overdue by more than the lease, polling every 100 ms (every half lease when that is shorter).",
            "Kill run: node B gets SIGKILL halfway through the window; its armed timers then exist only in Redis. Node A's takeover fires them once they are more than a lease overdue, so the expected lateness of those sessions is the lease plus up to one poll period (100 ms).",
        };
        return (rows, method);
    }

    private static (string Instance, string Token) Warm(ServerUnderTest node, int i)
    {
        var user = "warm-" + i.ToString(CultureInfo.InvariantCulture);
        return (user, node.MintToken(user, TimeSpan.FromHours(1)));
    }

    private static int PreSeed(int sessions) => Math.Clamp(sessions / 50, 40, 2_000);

    private static async Task<Run> RunOnceAsync(BenchContext context, int sessions, TimeSpan spread, bool kill)
    {
        var name = kill ? "expiry-kill" : "expiry-redis";
        await using var cluster = await RedisCluster.StartAsync(context, name, nodes: 2, withMemoryNode: false).ConfigureAwait(false);
        var nodes = cluster.Nodes;

        // Warm-up and rate estimate, with long-lived sessions that stay out of the window.
        // The first half runs cold (JIT, connections); the second half's rate sizes the lead.
        var warm = PreSeed(sessions);
        await SessionSeeder.StartAsync(nodes, warm / 2, i => Warm(nodes[0], i)).ConfigureAwait(false);
        var warmClock = Stopwatch.StartNew();
        await SessionSeeder.StartAsync(nodes, warm - (warm / 2), i => Warm(nodes[0], (warm / 2) + i)).ConfigureAwait(false);
        var rate = (warm - (warm / 2)) / warmClock.Elapsed.TotalSeconds;
        var lead = TimeSpan.FromSeconds((1.5 * sessions / rate) + (context.Smoke ? 1 : 5));

        var issuedAt = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        var firstDue = DateTimeOffset.UtcNow + lead;
        var due = new DateTimeOffset[sessions];
        for (var i = 0; i < sessions; i++)
        {
            due[i] = firstDue + (spread * i / sessions) + TimeSpan.FromTicks(Random.Shared.Next(0, (int)TimeSpan.TicksPerMillisecond));
        }

        var setup = Stopwatch.StartNew();
        var ids = await SessionSeeder.StartAsync(nodes, sessions, i =>
        {
            var user = name + "-" + i.ToString(CultureInfo.InvariantCulture);
            return (user, nodes[0].MintToken(user, issuedAt, due[i] - Leeway));
        }).ConfigureAwait(false);
        setup.Stop();
        var margin = firstDue - DateTimeOffset.UtcNow;
        var setupNote = string.Create(CultureInfo.InvariantCulture, $"set-up {setup.Elapsed.TotalSeconds:0.0} s ({sessions / setup.Elapsed.TotalSeconds:N0} StartSession/s), {(margin >= TimeSpan.Zero ? $"{margin.TotalSeconds:0.0} s before the first due time" : $"OVERRAN the first due time by {-margin.TotalSeconds:0.0} s")}");
        Console.Error.WriteLine($"  {name}: {setupNote}");

        var killedAt = DateTimeOffset.MaxValue;
        if (kill)
        {
            await DelayUntil(firstDue + spread / 2).ConfigureAwait(false);
            nodes[1].Kill();
            killedAt = DateTimeOffset.UtcNow;
        }

        await DelayUntil(firstDue + spread + (kill ? Lease * 1.5 : TimeSpan.Zero) + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        var lateness = await ReadLatenessAsync(cluster.Redis.Connection.GetDatabase(), ids, due).ConfigureAwait(false);
        var all = lateness.Order().ToArray();
        var orphaned = Enumerable.Range(0, sessions).Where(i => i % 2 == 1 && due[i] > killedAt).ToHashSet();
        var orphans = orphaned.Select(i => lateness[i]).Order().ToArray();
        var others = Enumerable.Range(0, sessions).Where(i => !orphaned.Contains(i)).Select(i => lateness[i]).Order().ToArray();
        var run = new Run(
            sessions,
            P(all, 0.50),
            P(all, 0.99),
            all[^1],
            orphans.Length,
            orphans.Length > 0 ? P(orphans, 0.50) : double.NaN,
            orphans.Length > 0 ? P(orphans, 0.99) : double.NaN,
            orphans.Length > 0 ? orphans[^1] : double.NaN,
            P(others, 0.99),
            setupNote);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: p50 {run.P50:0.0} ms, p99 {run.P99:0.0} ms, max {run.Max:0.0} ms{(kill ? $"; orphans {run.Orphans}: p99 {run.OrphanP99:0.0} ms, max {run.OrphanMax:0.0} ms" : string.Empty)}"));
        return run;
    }

    /// <summary>
    /// Each session's lateness in ms, from what the nodes wrote to Redis; waits (bounded)
    /// for sessions not yet expired, since a late timer is a figure and a missing one a failure.
    /// </summary>
    private static async Task<double[]> ReadLatenessAsync(IDatabase redis, string[] ids, DateTimeOffset[] due)
    {
        var lateness = new double[ids.Length];
        var pending = Enumerable.Range(0, ids.Length).ToList();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var stillActive = new List<int>();
            foreach (var chunk in pending.Chunk(2_000))
            {
                var reads = chunk.Select(i => (Index: i, Exp: redis.HashGetAsync("tessera:s:" + ids[i], "exp"), Log: redis.ListRangeAsync("tessera:e:" + ids[i]))).ToArray();
                foreach (var (index, expTask, logTask) in reads)
                {
                    var exp = await expTask.ConfigureAwait(false);
                    var log = await logTask.ConfigureAwait(false);
                    var dueAt = StoredExpiry.DueAt(exp.IsNull ? null : exp.ToString(), Leeway);
                    var late = dueAt is { } at ? StoredExpiry.LatenessMs(at, log.Select(e => e.ToString())) : null;
                    if (late is not { } ms)
                    {
                        stillActive.Add(index);
                        continue;
                    }

                    if (Math.Abs((dueAt!.Value - due[index]).TotalMilliseconds) > 1)
                    {
                        throw new BenchFailedException($"session {ids[index]} holds exp + leeway {dueAt:O}, not the token's {due[index]:O}");
                    }

                    lateness[index] = ms;
                }
            }

            if (stillActive.Count == 0)
            {
                return lateness;
            }

            // Late is a figure (the verdict says MISSED); never expiring is a failure (EXP-1).
            if (waited.Elapsed > MaxWait)
            {
                throw new BenchFailedException($"{stillActive.Count} of {ids.Length} sessions had not expired {MaxWait.TotalSeconds:0} s after the window (EXP-1), e.g. {ids[stillActive[0]]}");
            }

            pending = stillActive;
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
    }

    private static async Task<ExpiryResult> InMemoryBaselineAsync(BenchContext context, int sessions, TimeSpan spread)
    {
        var lead = 10.0;
        var command = BenchContext.SelfCommand(
            "expiry",
            "--sessions", sessions.ToString(CultureInfo.InvariantCulture),
            "--spread", spread.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--lead", lead.ToString(CultureInfo.InvariantCulture));
        await using var child = ChildProcess.Start("expiry-memory", command, context.Cores.ServerCore, context.Verbose);
        var result = await child.ReadAsync<ExpiryResult>("EXPIRY", TimeSpan.FromSeconds(lead + spread.TotalSeconds + 180)).ConfigureAwait(false);
        var exit = await child.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new BenchFailedException($"expiry exited with {exit}.{Environment.NewLine}{child.RecentLog}");
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  in-memory baseline: p50 {result.ExpireP50:0.0} ms, p99 {result.ExpireP99:0.0} ms, max {result.ExpireMax:0.0} ms"));
        return result;
    }

    private static async Task DelayUntil(DateTimeOffset when)
    {
        var wait = when - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait).ConfigureAwait(false);
        }
    }

    private static double P(double[] sorted, double p) => ExpiryBench.Percentile(sorted, p);

    private sealed record Run(int Count, double P50, double P99, double Max, int Orphans, double OrphanP50, double OrphanP99, double OrphanMax, double OthersP99, string SetupNote);
}
