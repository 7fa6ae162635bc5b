using System.Globalization;
using Tessera.Bench.Memory;
using Tessera.Bench.Server;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// Memory per idle watched session, against a grpc-dotnet idle server-streaming
/// call in the same run. Per round, three fresh <c>serve</c> processes on the
/// server core (without the bench's counting middleware), each with a
/// <c>watchers</c> process on the load core: one holds bench-only grpc-dotnet
/// idle server-streaming calls open (the baseline: what grpc-dotnet and the web
/// stack cost per call), one opens Tessera sessions with one idle WatchSession
/// each, and one holds plain Kestrel HTTP/2 streams open (for reference: the
/// web stack alone). After a warm-up batch (so first-use costs land in the
/// baseline sample) the server's memory is sampled, then again at 10k and at
/// 50k streams; per stream = (after - before) / streams added. Tessera's own
/// share = watched session - grpc-dotnet idle call, per round.
/// </summary>
internal static class MemoryFigures
{
    private const double ShareTargetBytes = 1.5 * 1024;
    private const double RssTargetBytes = 16 * 1024;
    private const int RssTargetStep = 50_000;

    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        var warm = context.Smoke ? 20 : 200;
        int[] steps = context.Smoke ? [100, 300] : [10_000, 50_000];
        var rounds = context.Smoke ? 1 : Math.Min(context.Rounds, 3);
        var sessions = new Samples(steps);
        var grpc = new Samples(steps);
        var plain = new Samples(steps);
        var notes = new List<string>();
        var profiles = new Dictionary<string, Dictionary<string, (double Count, double Bytes)>>(StringComparer.Ordinal);
        for (var round = 1; round <= rounds; round++)
        {
            var profile = context.HeapProfile && round == 1;
            await MeasureAsync(context, "idle", warm, steps, grpc, round, rounds, profile ? profiles : null, notes).ConfigureAwait(false);
            await MeasureAsync(context, "open", warm, steps, sessions, round, rounds, profile ? profiles : null, notes).ConfigureAwait(false);
            await MeasureAsync(context, "hold", warm, steps, plain, round, rounds, null, notes).ConfigureAwait(false);
        }

        if (profiles.TryGetValue("open", out var openProfile) && profiles.TryGetValue("idle", out var idleProfile))
        {
            var share = HeapProfile.Describe(HeapProfile.Minus(openProfile, idleProfile), 40, "per session");
            notes.Add($"Heap profile, Tessera's share (`--heap-profile`; {Count(steps[0])} streams; growth per watched session minus growth per grpc-dotnet idle call, type by type; negative = the baseline holds more of it): " + string.Join("; ", share) + ".");
        }

        var rows = new List<FigureRow>();
        foreach (var step in steps)
        {
            var rss = Spread.Of(sessions.Rss[step]);
            var managed = Spread.Of(sessions.Managed[step]);
            var baseRss = Spread.Of(grpc.Rss[step]);
            var baseManaged = Spread.Of(grpc.Managed[step]);
            var shareRss = Spread.Of(sessions.Rss[step].Zip(grpc.Rss[step], (s, b) => s - b).ToList());
            var shareManaged = Spread.Of(sessions.Managed[step].Zip(grpc.Managed[step], (s, b) => s - b).ToList());
            var plainRss = Spread.Of(plain.Rss[step]);
            var plainManaged = Spread.Of(plain.Managed[step]);
            var judgeRss = step == RssTargetStep || (context.Smoke && step == steps[^1]);
            rows.Add(new FigureRow(
                string.Create(CultureInfo.InvariantCulture, $"memory per idle watched session at {Count(step)} sessions"),
                "grpc-dotnet idle server-streaming call (bench-only `BenchBaseline/Idle`: response headers, then awaits cancellation), same count, fresh process, same run; server memory before the streams, same process",
                $"Tessera watched session: managed {Kb(managed)}, RSS {Kb(rss)}; grpc-dotnet idle call: managed {Kb(baseManaged)}, RSS {Kb(baseRss)}; **Tessera's share** (difference, per round): managed {Kb(shareManaged)}, RSS {Kb(shareRss)}. For reference, plain Kestrel idle HTTP/2 stream: managed {Kb(plainManaged)}, RSS {Kb(plainRss)}",
                judgeRss ? "Tessera's share <= 1.5 KB (managed); total <= 16 KB RSS" : "Tessera's share <= 1.5 KB (managed)",
                judgeRss
                    ? Verdict.Of(context.Smoke, shareManaged.Median <= ShareTargetBytes, rss.Median <= RssTargetBytes)
                    : Verdict.Of(context.Smoke, shareManaged.Median <= ShareTargetBytes)));
        }

        var method = new List<string>
        {
            $"Servers: per round three fresh `serve --no-status-counting` processes (no counting middleware on the streams), {context.Cores.Description}. Clients: a separate `watchers` process (C#) per server, one `GrpcChannel` (or `HttpClient`) for all its streams.",
            "Figure: sessions, one per user and client instance (HS256 token, one hour of life, so no timer fires), started with StartSession and given one WatchSession each, 64 at a time; a stream counts once its response headers arrived, which the server sends after registering the watcher.",
            "Baseline: the bench-only grpc-dotnet service mapped on the same reference-server application, `tessera.bench.v1.BenchBaseline/Idle`: a server-streaming method that writes empty response headers (as WatchSession does) and then awaits `Task.Delay(Infinite, context.CancellationToken)`; opened from a `GrpcChannel` the same way, counted once its headers arrived. It carries everything grpc-dotnet and Kestrel keep for an idle server-streaming call (HTTP/2 stream, HttpContext, call handler, ServerCallContext, the handler's state machine and one cancellation registration) and nothing of Tessera. Tessera's share = figure - baseline, per round.",
            "Reference: `HttpClient` POSTs to a plain Kestrel endpoint (second application in the same process) that reads the body, sends response headers and holds the response open until the client leaves: the same HTTP/2 stream with nothing of gRPC or Tessera.",
            $"Kestrel's default of 100 streams per HTTP/2 connection applies to all three, so {Count(steps[^1])} streams share {steps[^1] / 100:N0} connections; a client with its own connection per session would add Kestrel's per-connection memory to each.",
            $"Samples: after {warm} warm-up streams (baseline sample), then at {string.Join(" and ", steps.Select(Count))} streams, each after two forced, blocking, compacting full collections: RSS = VmRSS of /proc/self/status, managed = `GC.GetTotalMemory` (live objects). Per stream = (sample - baseline sample) / streams added. Rounds: {rounds}, each with fresh processes. Server GC (as the reference server), one heap since the process is pinned to one core. Verdict: Tessera's share judged on managed bytes (the objects it keeps; RSS adds the GC's committed slack, which is noisier); the total judged on RSS at 50k.",
        };
        method.AddRange(notes);
        return new SectionResult("Memory", rows, method);
    }

    private static async Task MeasureAsync(BenchContext context, string verb, int warm, int[] steps, Samples samples, int round, int rounds, Dictionary<string, Dictionary<string, (double Count, double Bytes)>>? profiles, List<string> notes)
    {
        await using var server = await ServerUnderTest.StartAsync(context, $"serve(memory {verb})", "--no-status-counting").ConfigureAwait(false);
        var ready = server.Ready;
        await using var fleet = ChildProcess.Start(
            "watchers",
            BenchContext.SelfCommand("watchers", "--address", ready.Grpc, "--plain", ready.Plain, "--issuer", ready.Issuer, "--kid", ready.Kid, "--secret", ready.Secret),
            context.Cores.LoadCore,
            context.Verbose);
        await OpenAsync(fleet, verb, warm).ConfigureAwait(false);
        var before = await server.MemoryAsync().ConfigureAwait(false);
        var census = profiles is not null ? HeapProfile.Census(server.Pid, Path.Combine(context.WorkDirectory, "before.dmp")) : null;
        var what = verb switch
        {
            "open" => "watched sessions",
            "idle" => "grpc-dotnet idle calls",
            _ => "plain idle streams",
        };
        foreach (var step in steps)
        {
            var opened = await OpenAsync(fleet, verb, warm + step).ConfigureAwait(false);
            var after = await server.MemoryAsync().ConfigureAwait(false);
            samples.Rss[step].Add((after.Rss - before.Rss) / (double)step);
            samples.Managed[step].Add((after.Managed - before.Managed) / (double)step);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}/{rounds} {step} {what} (opened in {opened.Seconds:0.0} s): RSS {Mb(before.Rss)} -> {Mb(after.Rss)}, managed {Mb(before.Managed)} -> {Mb(after.Managed)}"));
            if (round == 1)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Absolute, round 1, {step} {what}: RSS {Mb(before.Rss)} -> {Mb(after.Rss)}, managed heap {Mb(before.Managed)} -> {Mb(after.Managed)} (GC heap size {Mb(after.Heap)}, committed {Mb(after.Committed)})."));
            }

            if (census is not null && profiles is not null && step == steps[0])
            {
                // The census runs right after the MEMORY sample's forced collections, so only live objects remain.
                var growth = HeapProfile.PerSession(census, HeapProfile.Census(server.Pid, Path.Combine(context.WorkDirectory, "after.dmp")), step);
                profiles[verb] = growth;
                notes.Add($"Heap profile (`--heap-profile`; {Count(step)} {what}, growth by type per added stream): " + string.Join("; ", HeapProfile.Describe(growth, 40, "per stream")) + ".");
            }
        }
    }

    private static async Task<FleetStatus> OpenAsync(ChildProcess fleet, string verb, int total)
    {
        await fleet.SendAsync(verb + " " + total.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        var status = await fleet.ReadAsync<FleetStatus>("OPENED", TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        if (status.Total != total)
        {
            throw new Cli.BenchFailedException($"watchers: {status.Total} streams open, {total} asked for");
        }

        return status;
    }

    private static string Count(int sessions) => sessions >= 1000 && sessions % 1000 == 0 ? $"{sessions / 1000}k" : sessions.ToString(CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MB");

    private static string Kb(Spread spread) => new Spread(spread.Median / 1024, spread.Min / 1024, spread.Max / 1024, spread.Count).Format("0.00", " KB");

    /// <summary>Bytes per stream, by step, one value per round.</summary>
    private sealed class Samples(int[] steps)
    {
        public Dictionary<int, List<double>> Rss { get; } = steps.ToDictionary(s => s, _ => new List<double>());

        public Dictionary<int, List<double>> Managed { get; } = steps.ToDictionary(s => s, _ => new List<double>());
    }
}
