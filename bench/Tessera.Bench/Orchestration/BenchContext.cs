using System.Reflection;

namespace Tessera.Bench.Orchestration;

/// <summary>What every figure of one <c>run</c> shares.</summary>
/// <param name="Smoke">Tiny counts, no verdicts.</param>
/// <param name="Rounds">Repeats of each ratio; the table shows their median and range.</param>
/// <param name="Cores">Where the measured process and the load generator run.</param>
/// <param name="Verbose">Echo child output.</param>
/// <param name="WorkDirectory">Scratch space for request bodies and BenchmarkDotNet artifacts.</param>
/// <param name="RepositoryRoot">The clone (for the conformance suite).</param>
/// <param name="ServeOptions">Extra options for the request-rate server (profiling only, e.g. --terminated-retention 0).</param>
/// <param name="HeapProfile">Profiling only: break the memory figure's managed bytes down by type (two heap dumps).</param>
/// <param name="PerfLoads">Profiling only: request-rate loads to sample with <c>perf record</c> after the measured rounds (the server then runs with JIT perf maps).</param>
internal sealed record BenchContext(bool Smoke, int Rounds, CorePlan Cores, bool Verbose, string WorkDirectory, string RepositoryRoot, IReadOnlyList<string> ServeOptions, bool HeapProfile, IReadOnlyList<string> PerfLoads)
{
    /// <summary>The command that runs this executable again with <paramref name="args"/>.</summary>
    public static IReadOnlyList<string> SelfCommand(params string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var command = new List<string> { host };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            command.Add(Assembly.GetEntryAssembly()!.Location);
        }

        command.AddRange(args);
        return command;
    }
}
