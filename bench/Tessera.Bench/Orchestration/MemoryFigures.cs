using System.Globalization;
using Tessera.Bench.Memory;
using Tessera.Bench.Server;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// Memory per idle watched session. Per round, two fresh <c>serve</c>
/// processes on the server core (without the bench's counting middleware), each
/// with a <c>watchers</c> process on the load core: one holds plain Kestrel
/// HTTP/2 streams open (what the web stack alone costs per stream), the other
/// opens sessions with one idle watch stream each. After a warm-up batch (so
/// first-use costs land in the baseline) the server's memory is sampled, then
/// again at 10k and at 50k streams; per stream = (after - before) / streams added.
/// </summary>
internal static class MemoryFigures
{
    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        var warm = context.Smoke ? 20 : 200;
        int[] steps = context.Smoke ? [100, 300] : [10_000, 50_000];
        var rounds = context.Smoke ? 1 : Math.Min(context.Rounds, 3);
        var sessions = new Samples(steps);
        var plain = new Samples(steps);
        var notes = new List<string>();
        for (var round = 1; round <= rounds; round++)
        {
            await MeasureAsync(context, "hold", warm, steps, plain, round, rounds, profile: false, notes).ConfigureAwait(false);
            await MeasureAsync(context, "open", warm, steps, sessions, round, rounds, profile: context.HeapProfile && round == 1, notes).ConfigureAwait(false);
        }

        var rows = new List<FigureRow>();
        foreach (var step in steps)
        {
            var rss = Spread.Of(sessions.Rss[step]);
            var managed = Spread.Of(sessions.Managed[step]);
            var plainRss = Spread.Of(plain.Rss[step]);
            var plainManaged = Spread.Of(plain.Managed[step]);
            rows.Add(new FigureRow(
                string.Create(CultureInfo.InvariantCulture, $"memory per idle watched session at {Count(step)} sessions"),
                "server RSS and managed heap before the sessions, same process; and a plain Kestrel HTTP/2 stream held open idle (same run)",
                $"RSS {Kb(rss)}, managed {Kb(managed)} per session; plain Kestrel idle stream: RSS {Kb(plainRss)}, managed {Kb(plainManaged)}",
                "<= 16 KB RSS, <= 8 KB managed",
                Verdict.Of(context.Smoke, rss.Median <= 16 * 1024, managed.Median <= 8 * 1024)));
        }

        var method = new List<string>
        {
            $"Servers: per round two fresh `serve --no-status-counting` processes (no counting middleware on the streams), {context.Cores.Description}. Clients: a separate `watchers` process (C#) per server. Sessions: one per user and client instance (HS256 token, one hour of life, so no timer fires), started with `GrpcChannel` and given one WatchSession each, 64 at a time; a stream counts once its response headers arrived, which the server sends after registering the watcher. Plain baseline: `HttpClient` POSTs to a Kestrel endpoint that reads the body, sends response headers and holds the response open until the client leaves: the same HTTP/2 stream with nothing of gRPC or Tessera.",
            $"Kestrel's default of 100 streams per HTTP/2 connection applies to both, so {Count(steps[^1])} streams share {steps[^1] / 100:N0} connections; a client with its own connection per session would add Kestrel's per-connection memory to each.",
            $"Samples: after {warm} warm-up streams (baseline), then at {string.Join(" and ", steps.Select(Count))} streams, each after two forced, blocking, compacting full collections: RSS = VmRSS of /proc/self/status, managed = `GC.GetTotalMemory` (live objects). Per stream = (sample - baseline) / streams added. Rounds: {rounds}, each with fresh processes. Server GC (as the reference server), one heap since the process is pinned to one core.",
        };
        method.AddRange(notes);
        return new SectionResult("Memory", rows, method);
    }

    private static async Task MeasureAsync(BenchContext context, string verb, int warm, int[] steps, Samples samples, int round, int rounds, bool profile, List<string> notes)
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
        var census = profile ? HeapProfile.Census(server.Pid, Path.Combine(context.WorkDirectory, "before.dmp")) : null;
        var what = verb == "open" ? "watched sessions" : "plain idle streams";
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

            if (census is not null && step == steps[0])
            {
                // The census runs right after the MEMORY sample's forced collections, so only live objects remain.
                var growth = HeapProfile.Growth(census, HeapProfile.Census(server.Pid, Path.Combine(context.WorkDirectory, "after.dmp")), step, top: 60);
                notes.Add($"Heap profile (`--heap-profile`; {Count(step)} {what}, growth by type per added session): " + string.Join("; ", growth) + ".");
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

    private static string Kb(Spread spread) => new Spread(spread.Median / 1024, spread.Min / 1024, spread.Max / 1024, spread.Count).Format("0.0", " KB");

    /// <summary>Bytes per stream, by step, one value per round.</summary>
    private sealed class Samples(int[] steps)
    {
        public Dictionary<int, List<double>> Rss { get; } = steps.ToDictionary(s => s, _ => new List<double>());

        public Dictionary<int, List<double>> Managed { get; } = steps.ToDictionary(s => s, _ => new List<double>());
    }
}
