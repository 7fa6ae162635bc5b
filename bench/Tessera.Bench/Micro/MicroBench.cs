using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Tessera.Bench.Cli;

namespace Tessera.Bench.Micro;

/// <summary>
/// <c>micro</c>: runs <see cref="TokenValidationBenchmarks"/> with BenchmarkDotNet
/// once per round and prints one <c>MICRO</c> line per round. In-process
/// (emit toolchain): no per-run project build, so a round takes seconds and a
/// smoke round well under one; the orchestrator pins this process to one core.
/// </summary>
internal static class MicroBench
{
    public static int Run(MicroOptions options)
    {
        var smoke = options.Smoke;
        var rounds = options.Rounds;
        var artifacts = options.Artifacts ?? Path.Combine(Path.GetTempPath(), "tessera-bench-micro");
        var verbose = options.Verbose;

        var job = (smoke ? Job.Dry : Job.Default
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithIterationTime(TimeInterval.FromMilliseconds(100)))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId(smoke ? "smoke" : "round");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(verbose ? ConsoleLogger.Default : NullLogger.Instance)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);

        for (var round = 1; round <= rounds; round++)
        {
            var summary = BenchmarkRunner.Run<TokenValidationBenchmarks>(config);
            if (summary.HasCriticalValidationErrors || summary.Reports.Length != 4)
            {
                foreach (var error in summary.ValidationErrors)
                {
                    Console.Error.WriteLine($"micro: {error.Message}");
                }

                throw new BenchFailedException("BenchmarkDotNet did not run all four benchmarks (see the messages above).");
            }

            ChildProtocol.Emit("MICRO", new MicroRound(
                Measure(summary, nameof(TokenValidationBenchmarks.Hs256HashData)),
                Measure(summary, nameof(TokenValidationBenchmarks.Hs256Validate)),
                Measure(summary, nameof(TokenValidationBenchmarks.Es256VerifyData)),
                Measure(summary, nameof(TokenValidationBenchmarks.Es256Validate))));
        }

        return 0;
    }

    private static MicroMeasure Measure(Summary summary, string method)
    {
        foreach (var report in summary.Reports)
        {
            if (report.BenchmarkCase.Descriptor.WorkloadMethod.Name != method)
            {
                continue;
            }

            if (!report.Success || report.ResultStatistics is null)
            {
                throw new BenchFailedException($"{method} did not produce a result.");
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;
            return new MicroMeasure(report.ResultStatistics.Mean, report.ResultStatistics.Median, allocated);
        }

        throw new BenchFailedException($"{method} is missing from the summary.");
    }
}
