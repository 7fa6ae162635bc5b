using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Bench.Cli;
using Tessera.ReferenceServer;

namespace Tessera.Bench.Server;

/// <summary>
/// <c>serve</c>: the reference server exactly as the in-process host builds it
/// (development profile, real clock, HS256, warning-level logs), plus the plain
/// Kestrel HTTP/2 baselines, in one process that the orchestrator pins to one
/// core. Prints <c>READY</c>, then answers stdin commands: <c>stats</c>,
/// <c>memory</c>, <c>quit</c>. Options: <c>--no-status-counting</c> (no
/// counting middleware), <c>--terminated-retention S</c> (profiling).
/// </summary>
internal static class BenchServer
{
    public static async Task<int> RunAsync(ServeOptions options)
    {
        // A profiling knob, not a figure: what the replaced sessions retained for
        // terminated_retention (END-3) cost the StartSession rate.
        var retention = options.TerminatedRetention is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        // The memory figure measures the server without the bench's counting
        // middleware, whose state machine would otherwise sit on every open stream.
        var counting = !options.NoStatusCounting;
        using var outcomes = new OutcomeCounters();
        var statuses = new ResponseStatusCounter();
        var settings = ReferenceServerSettings.Development(
            useTestClock: false,
            sessions: retention is { } r ? o => o.TerminatedRetention = r : null,
            configureServices: counting ? services => services.AddSingleton<IStartupFilter>(new StatusCountingStartupFilter(statuses)) : null);
        await using var host = await ReferenceServerHost.StartAsync(settings).ConfigureAwait(false);
        await using var plain = await PlainHttp2Baseline.StartAsync(counting ? statuses : null).ConfigureAwait(false);

        ChildProtocol.Emit("READY", new ServeReady(
            host.Address.ToString(),
            plain.Address.ToString(),
            host.Settings.Issuer,
            host.Settings.Kid ?? string.Empty,
            Convert.ToBase64String(host.Settings.Hs256Secret),
            Environment.ProcessId));

        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } command)
        {
            switch (command.Trim())
            {
                case "stats":
                    ChildProtocol.Emit("STATS", new ServeStats(
                        outcomes.Snapshot(),
                        statuses.Snapshot(),
                        Environment.CpuUsage.TotalTime.TotalSeconds,
                        GC.GetTotalAllocatedBytes(precise: false),
                        GC.GetTotalPauseDuration().TotalSeconds,
                        GC.CollectionCount(2)));
                    break;
                case "memory":
                    ChildProtocol.Emit("MEMORY", MemoryProbe.Measure());
                    break;
                case "quit":
                    return 0;
                default:
                    Console.Error.WriteLine($"serve: unknown command '{command}'");
                    break;
            }
        }

        return 0;
    }
}
