using Tessera.Bench.Cli;
using Tessera.Bench.Conformance;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// <c>run</c>: every figure, in short bursts, each against its baseline from
/// the same run; prints the table and (with <c>--out</c>) writes it into a file.
/// A figure that cannot be measured is a failure (exit 1); a missed target is not.
/// </summary>
internal static class BenchRunner
{
    private static readonly string[] AllSections = ["rps", "micro", "memory", "expiry", "conformance", "cluster", "cluster-expiry"];

    public static async Task<int> RunAsync(RunOptions options)
    {
        var smoke = options.Smoke;
        var rounds = options.Rounds ?? (smoke ? 1 : 7);
        var only = options.Only;
        var output = options.Output;
        var verbose = options.Verbose;
        var repository = options.Repository ?? FindRepository();
        var retention = options.TerminatedRetention;
        var heapProfile = options.HeapProfile;
        var perf = options.Perf;
        if (rounds < 1)
        {
            throw new UsageException("--rounds must be at least 1");
        }

        var selected = only is null ? AllSections : only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in selected)
        {
            if (!AllSections.Contains(name))
            {
                throw new UsageException($"--only: unknown figure group '{name}' (known: {string.Join(", ", AllSections)})");
            }
        }

        var perfLoads = perf is null ? [] : perf.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in perfLoads)
        {
            if (!ThroughputBench.LoadNames.Contains(name))
            {
                throw new UsageException($"--perf: unknown load '{name}' (known: {string.Join(", ", ThroughputBench.LoadNames)})");
            }
        }

        var work = Directory.CreateTempSubdirectory("tessera-bench-").FullName;
        var context = new BenchContext(smoke, rounds, CorePlan.Detect(), verbose, work, repository, retention is null ? [] : ["--terminated-retention", retention.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)], heapProfile, perfLoads);
        var started = DateTimeOffset.UtcNow;
        var loadBefore = MachineInfo.LoadAverage();
        var sections = new List<SectionResult>();
        var failures = 0;
        try
        {
            foreach (var name in selected)
            {
                Console.Error.WriteLine($"== {name}{(smoke ? " (smoke)" : string.Empty)}");
                var stopwatch = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    var section = await RunSectionAsync(name, context).ConfigureAwait(false);
                    // A section that keeps going past one failed figure reports it as a FAILED row.
                    failures += section.Rows.Count(row => row.Verdict == "FAILED");
                    sections.Add(section);
                }
                catch (BenchFailedException e)
                {
                    failures++;
                    Console.Error.WriteLine($"   FAILED: {e.Message}");
                    sections.Add(new SectionResult(name, [new FigureRow(name, "-", "FAILED: " + FirstLine(e.Message), "-", "FAILED")], []));
                }

                Console.Error.WriteLine($"   ({stopwatch.Elapsed.TotalSeconds:0.0} s)");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Scratch files only; a leftover temp directory is harmless.
            }
        }

        var block = MarkdownReport.Render(sections, context, started, DateTimeOffset.UtcNow - started, loadBefore, MachineInfo.LoadAverage());
        Console.Out.Write(block);
        if (output is not null)
        {
            MarkdownReport.WriteInto(output, block);
            Console.Error.WriteLine($"wrote {output}");
        }

        return failures == 0 ? 0 : 1;
    }

    private static Task<SectionResult> RunSectionAsync(string name, BenchContext context) => name switch
    {
        "rps" => ThroughputBench.RunAsync(context),
        "micro" => MicroFigures.RunAsync(context),
        "memory" => MemoryFigures.RunAsync(context),
        "expiry" => ExpiryFigures.RunAsync(context),
        "conformance" => ConformanceTiming.RunAsync(context),
        "cluster" => Cluster.ClusterFigures.RunAsync(context),
        "cluster-expiry" => Cluster.ClusterFigures.RunExpiryAsync(context),
        _ => throw new UsageException($"unknown figure group '{name}'"),
    };

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Conformance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new UsageException("cannot find the repository (no Conformance.sln above the current directory); pass --repo DIR");
    }
}
