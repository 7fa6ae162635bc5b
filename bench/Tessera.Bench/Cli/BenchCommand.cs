using Tessera.Bench.Expiry;
using Tessera.Bench.Memory;
using Tessera.Bench.Micro;
using Tessera.Bench.Orchestration;
using Tessera.Bench.Server;

namespace Tessera.Bench.Cli;

/// <summary>
/// Sub-command dispatch. <c>run</c> is what bench/run.sh calls; the others are
/// the child processes it starts (each pinned to its own core where possible),
/// and can be run by hand to reproduce one figure.
/// </summary>
internal static class BenchCommand
{
    public const string Usage = """
        tessera-bench: Tessera's benchmarks; every figure is a ratio against a baseline measured in the same run.

        Usage:
          tessera-bench run [--smoke] [--rounds N] [--only LIST] [--out FILE] [--repo DIR] [--verbose]
              every figure, a table on stdout and in --out (default: none)
              --smoke        tiny counts, checks every figure runs (fails on errors, never on targets)
              --rounds N     repeats of each ratio (default 7; smoke 1; memory uses at most 3, expiry and the suite at most 2)
              --only LIST    comma list of: rps, micro, memory, expiry, conformance
              --terminated-retention S   profiling only: the request-rate server's terminated_retention
              --perf LOADS               profiling only: after the rps rounds, `perf record -g` the server under each
                                         named load (plain, health, unary, get, start, update); the server runs
                                         with JIT perf maps; report summaries in the method notes, data kept
              --heap-profile             profiling only: the memory figure's managed bytes by type (heap dumps),
                                         for the watched sessions, the grpc-dotnet idle calls and their difference
          tessera-bench serve [--no-status-counting] [--terminated-retention S]
                                                     the server under load (stdin: stats | memory | quit)
          tessera-bench watchers --address URL --plain URL --issuer ISS --kid KID --secret BASE64
                                                     opens sessions with a watch stream each, grpc-dotnet
                                                     idle server streams (the baseline), or plain held-open
                                                     HTTP/2 streams (stdin: open N | idle N | hold N | quit)
          tessera-bench expiry [--sessions N] [--spread SECONDS] [--lead SECONDS]
                                                     real-clock expiry lateness (default 100000 sessions
                                                     expiring over 60 s, starting 10 s after set-up)
          tessera-bench micro [--smoke] [--rounds N] BenchmarkDotNet: token validation against raw crypto
          tessera-bench census --pid P (--save FILE | --diff FILE --per N)
                                                     profiling: heap census of a process, or its growth by type

        Exit codes: 0 ran (targets missed or not); 1 a measurement failed; 2 bad usage.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args.Contains("help") || args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.Write(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = BenchArguments.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "run" => await BenchRunner.RunAsync(options).ConfigureAwait(false),
                "serve" => await BenchServer.RunAsync(options).ConfigureAwait(false),
                "watchers" => await WatcherFleet.RunAsync(options).ConfigureAwait(false),
                "expiry" => await ExpiryBench.RunAsync(options).ConfigureAwait(false),
                "micro" => MicroBench.Run(options),
                "census" => CensusCommand.Run(options),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"tessera-bench: {e.Message}");
            Console.Error.Write(Usage);
            return 2;
        }
        catch (BenchFailedException e)
        {
            Console.Error.WriteLine($"tessera-bench: FAILED: {e.Message}");
            return 1;
        }
    }
}
