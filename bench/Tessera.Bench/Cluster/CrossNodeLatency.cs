using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Tessera.Bench.Cli;
using Tessera.Bench.Expiry;
using Tessera.Bench.Orchestration;
using Tessera.Protocol.V1;

namespace Tessera.Bench.Cluster;

/// <summary>
/// Cross-node event latency: a session started on node A and watched on node B; the bench
/// calls UpdateSessionToken (token_updated) and then EndSession (terminated) on A, one at a
/// time, and times each from sending the call to A until the watcher on B has the event.
/// Baseline: the same on the in-memory single node, start, watch and calls all on it.
/// </summary>
internal static class CrossNodeLatency
{
    private const double TargetP99Ms = 20;

    public static async Task<(List<FigureRow> Rows, List<string> Method)> RunAsync(BenchContext context, RedisCluster cluster)
    {
        var chains = context.Smoke ? 2 : 40;
        const int updatesPerChain = 9;
        var memory = new Samples();
        var crossNode = new Samples();
        // A few unrecorded chains first: connections, JIT and Lua script caches settle.
        for (var chain = 0; chain < chains + 2; chain++)
        {
            var record = chain >= 2;
            await ChainAsync(cluster.Memory, cluster.Memory, $"lat-m{chain}", updatesPerChain, record ? memory : null).ConfigureAwait(false);
            await ChainAsync(cluster.Nodes[0], cluster.Nodes[1], $"lat-c{chain}", updatesPerChain, record ? crossNode : null).ConfigureAwait(false);
        }

        var c = crossNode.Sorted();
        var m = memory.Sorted();
        var cd = crossNode.SortedDecided();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cross-node p50 {P(c, 0.5):0.00} ms p99 {P(c, 0.99):0.00} ms max {c[^1]:0.00} ms; in-memory same node p50 {P(m, 0.5):0.00} ms p99 {P(m, 0.99):0.00} ms"));
        var rows = new List<FigureRow>
        {
            new(
                "cross-node event latency: event decided on node A (UpdateSessionToken, EndSession) to a watcher on node B, two nodes on one Redis",
                "in-memory store, one node: the same calls and watch all on it",
                string.Create(CultureInfo.InvariantCulture, $"p99 **{P(c, 0.99):0.00} ms**, p50 {P(c, 0.5):0.00} ms, max {c[^1]:0.00} ms (n={c.Length}); in-memory same node: p99 {P(m, 0.99):0.00} ms, p50 {P(m, 0.5):0.00} ms, max {m[^1]:0.00} ms (n={m.Length}); p99 ratio {P(c, 0.99) / P(m, 0.99):0.0}x. From the event's own time (node A's clock when it decided) to receipt on B: p99 {P(cd, 0.99):0.00} ms, p50 {P(cd, 0.5):0.00} ms"),
                $"p99 <= {TargetP99Ms:0} ms on loopback",
                Verdict.Of(context.Smoke, P(c, 0.99) <= TargetP99Ms)),
        };
        var method = new List<string>
        {
            $"Cross-node latency: {chains} chains per side after 2 unrecorded ones, alternating in-memory and cluster chains; each chain starts a session (on A, or the in-memory node), opens WatchSession on B (or the same node) and waits for its response headers, then makes {updatesPerChain} UpdateSessionToken calls with the session's own token (token_updated each) and one EndSession (terminated) on A, one at a time. Each sample: a monotonic stopwatch from just before the call is sent to A until the watcher's read of that event completes (the read is posted before the call), so it includes the call's own hop to A and is an upper bound of decided-to-delivered. The second figure subtracts the event's `time` (node A's clock when it decided; same machine, same system clock) from the wall clock at receipt. Every event is checked: the expected kind, seq one past the last. Nodes and redis-server on the server core, the bench's client unpinned.",
        };
        return (rows, method);
    }

    private static async Task ChainAsync(ServerUnderTest decider, ServerUnderTest watcher, string instance, int updates, Samples? samples)
    {
        var token = decider.MintToken(instance, TimeSpan.FromHours(1));
        var session = await decider.StartAsync(instance, token).ConfigureAwait(false);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = watcher.Sessions.WatchSession(new WatchSessionRequest { SessionId = session.SessionId }, cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync.ConfigureAwait(false);
        var stream = watch.ResponseStream;
        ulong seq = 0;
        for (var i = 0; i <= updates; i++)
        {
            var last = i == updates;
            var next = stream.MoveNext(cancel.Token);
            var received = next.ContinueWith(_ => (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            var sent = Stopwatch.GetTimestamp();
            if (last)
            {
                await decider.Sessions.EndSessionAsync(new EndSessionRequest { SessionId = session.SessionId }, ServerUnderTest.Deadline()).ResponseAsync.ConfigureAwait(false);
            }
            else
            {
                await decider.Sessions.UpdateSessionTokenAsync(new UpdateSessionTokenRequest { SessionId = session.SessionId, Token = token }, ServerUnderTest.Deadline()).ResponseAsync.ConfigureAwait(false);
            }

            if (!await next.ConfigureAwait(false))
            {
                throw new BenchFailedException($"the watch on {watcher.GrpcAddress} ended before event {seq + 1} of {session.SessionId}");
            }

            var (at, wallAt) = await received.ConfigureAwait(false);
            var sessionEvent = stream.Current.Event;
            var expected = last ? SessionEvent.KindOneofCase.Terminated : SessionEvent.KindOneofCase.TokenUpdated;
            if (sessionEvent.KindCase != expected || sessionEvent.Seq != seq + 1)
            {
                throw new BenchFailedException($"the watch on {watcher.GrpcAddress} got {sessionEvent.KindCase} seq {sessionEvent.Seq}, expected {expected} seq {seq + 1}");
            }

            seq = sessionEvent.Seq;
            samples?.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds, (wallAt - sessionEvent.Time.ToDateTimeOffset()).TotalMilliseconds);
        }
    }

    private static double P(double[] sorted, double p) => ExpiryBench.Percentile(sorted, p);

    private sealed class Samples
    {
        private readonly List<double> _sent = [];
        private readonly List<double> _decided = [];

        public void Add(double fromSend, double fromDecision)
        {
            _sent.Add(fromSend);
            _decided.Add(fromDecision);
        }

        public double[] Sorted() => [.. _sent.Order()];

        public double[] SortedDecided() => [.. _decided.Order()];
    }
}
