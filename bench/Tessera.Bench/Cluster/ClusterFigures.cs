using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Cluster;

/// <summary>
/// <c>--only cluster</c>: issue 11's multi-node figures, each against the in-memory
/// store on one node measured in the same run: request rates of two nodes on one Redis,
/// cross-node event latency, expiry lateness with 100k sessions in Redis (with and
/// without a node killed mid-run), and Redis memory per session.
/// </summary>
internal static class ClusterFigures
{
    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        var rows = new List<FigureRow>();
        var method = new List<string>();
        foreach (var figure in new Func<BenchContext, Task<(List<FigureRow> Rows, List<string> Method)>>[]
        {
            ClusterThroughput.RunAsync,
            CrossNodeLatency.RunAsync,
        })
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            var (figureRows, figureMethod) = await figure(context).ConfigureAwait(false);
            Console.Error.WriteLine($"   ({figure.Method.DeclaringType?.Name}: {stopwatch.Elapsed.TotalSeconds:0.0} s)");
            rows.AddRange(figureRows);
            method.AddRange(figureMethod);
        }

        return new SectionResult("Several nodes on one Redis (issue 11)", rows, method);
    }
}
