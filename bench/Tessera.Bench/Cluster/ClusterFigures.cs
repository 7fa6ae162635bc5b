using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Cluster;

/// <summary>
/// <c>--only cluster</c>: issue 11's multi-node figures, each against the in-memory
/// store on one node measured in the same run: request rates of two nodes on one Redis,
/// cross-node event latency and Redis memory per session (one cluster and in-memory node
/// for the three, started once). <c>cluster-expiry</c>: expiry lateness with 100k
/// sessions in Redis, with and without a node killed mid-run (fresh clusters).
/// </summary>
internal static class ClusterFigures
{
    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        var rows = new List<FigureRow>();
        var method = new List<string>();
        await using (var cluster = await RedisCluster.StartAsync(context, "cluster", nodes: 2, withMemoryNode: true).ConfigureAwait(false))
        {
            await AddAsync(context, rows, method, c => ClusterThroughput.RunAsync(c, cluster)).ConfigureAwait(false);
            await AddAsync(context, rows, method, c => CrossNodeLatency.RunAsync(c, cluster)).ConfigureAwait(false);
            await AddAsync(context, rows, method, c => RedisMemory.RunAsync(c, cluster)).ConfigureAwait(false);
        }

        return new SectionResult("Several nodes on one Redis (issue 11)", rows, method);
    }

    /// <summary><c>--only cluster-expiry</c>: the long one (100k sessions, twice, plus the in-memory baseline), on its own so it can be re-run alone.</summary>
    public static async Task<SectionResult> RunExpiryAsync(BenchContext context)
    {
        var rows = new List<FigureRow>();
        var method = new List<string>();
        await AddAsync(context, rows, method, ClusterExpiry.RunAsync).ConfigureAwait(false);
        return new SectionResult("Expiry in Redis, several nodes (issue 11)", rows, method);
    }

    private static async Task AddAsync(BenchContext context, List<FigureRow> rows, List<string> method, Func<BenchContext, Task<(List<FigureRow> Rows, List<string> Method)>> figure)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var retriedBefore = SessionSeeder.Retried;
        List<FigureRow> figureRows;
        List<string> figureMethod;
        try
        {
            (figureRows, figureMethod) = await figure(context).ConfigureAwait(false);
        }
        catch (Cli.BenchFailedException e)
        {
            // One figure's failure must not cost the others their numbers; the run still fails.
            Console.Error.WriteLine($"   FAILED: {e.Message}");
            var newline = e.Message.IndexOf('\n', StringComparison.Ordinal);
            rows.Add(new FigureRow("cluster", "-", "FAILED: " + (newline < 0 ? e.Message : e.Message[..newline]), "-", "FAILED"));
            return;
        }

        if (SessionSeeder.Retried > retriedBefore)
        {
            figureMethod.Add($"Calls retried after UNAVAILABLE (Redis did not answer within 2 s) during these figures: {SessionSeeder.Retried - retriedBefore}.");
        }

        Console.Error.WriteLine($"   ({figureRows[0].Figure[..Math.Min(40, figureRows[0].Figure.Length)]}...: {stopwatch.Elapsed.TotalSeconds:0.0} s)");
        rows.AddRange(figureRows);
        method.AddRange(figureMethod);
    }
}
