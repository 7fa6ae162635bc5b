using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Bench.Cli;
using Tessera.ReferenceServer;
using Tessera.Server.Redis;

namespace Tessera.Bench.Server;

/// <summary>
/// <c>serve</c>: the reference server exactly as the in-process host builds it
/// (development profile, real clock, HS256, warning-level logs), with the
/// bench-only grpc-dotnet baselines (<see cref="BenchBaselineService"/>) mapped
/// on the same application, plus the plain Kestrel HTTP/2 baselines, in one
/// process that the orchestrator pins to one core. Prints <c>READY</c>, then answers stdin commands: <c>stats</c>,
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
            configureServices: services =>
            {
                services.AddSingleton<BenchBaselineService>();
                if (options.Redis is { } redis)
                {
                    UseRedisStore(services, redis);
                }

                if (counting)
                {
                    services.AddSingleton<IStartupFilter>(new StatusCountingStartupFilter(statuses));
                }
            });
        if (options.Secret is { } secret)
        {
            settings.Tokens.SharedSecrets[0].Secret = secret;
        }

        var app = ReferenceServerHost.Build(settings);
        app.MapGrpcService<BenchBaselineService>();
        await app.StartAsync().ConfigureAwait(false);
        try
        {
            await using var plain = await PlainHttp2Baseline.StartAsync(counting ? statuses : null).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            ChildProtocol.Emit("READY", new ServeReady(
                address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/",
                plain.Address.ToString(),
                settings.Issuer,
                settings.Kid ?? string.Empty,
                Convert.ToBase64String(settings.Hs256Secret),
                Environment.ProcessId));
            return await ServeCommandsAsync(outcomes, statuses).ConfigureAwait(false);
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What <c>ReferenceServerHost.Configure</c> does when the configuration names a Redis
    /// store: the in-process builder clears configuration sources, so the bench registers
    /// the same store and raises the pool minimum the same way (see the comment there).
    /// </summary>
    private static void UseRedisStore(IServiceCollection services, string redis)
    {
        services.AddTesseraRedisStore(redis);
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 200), io);
    }

    private static async Task<int> ServeCommandsAsync(OutcomeCounters outcomes, ResponseStatusCounter statuses)
    {
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
