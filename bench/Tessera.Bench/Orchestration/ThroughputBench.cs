using System.Globalization;
using Grpc.Health.V1;
using Tessera.Bench.Cli;
using Tessera.Bench.Server;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// Request rates with h2load: the plain Kestrel HTTP/2 baseline,
/// grpc.health.v1.Health/Check as the reference server serves it (Grpc.HealthCheck's
/// HealthServiceImpl), a bench-only trivial grpc-dotnet unary method on the same
/// application, GetSession, StartSession and UpdateSessionToken. One
/// <c>serve</c> process on the server core, h2load (one thread) on the load
/// core; each round measures groups of loads in palindrome order
/// (<see cref="Palindrome"/>), over several rounds.
/// </summary>
/// <remarks>
/// h2load sends one fixed body per run, and that is enough here: a StartSession
/// with the same valid token and client_instance_id takes the single-session
/// replace path on every request after the first (ONE-3, policy REPLACE),
/// validating the token in full each time; an UpdateSessionToken with the
/// session's own token is accepted every time (UPD-4: an equal exp is not
/// stale) and does the whole update (validation, identity and role checks,
/// token_updated, timer re-arm). h2load counts HTTP 200s only, so the server
/// counts grpc-status itself and every run is checked against those counts.
/// </remarks>
internal static class ThroughputBench
{
    private const string HealthPath = "grpc.health.v1.Health/Check";
    private const int SmokeRequests = 300;
    private const int WarmUpRequests = 100_000;
    private const double BurstSeconds = 1;
    private const int PerfSeconds = 4;

    /// <summary>The loads, by the names the log, <c>--perf</c> and the method notes use.</summary>
    public static readonly string[] LoadNames = ["plain", "health", "unary", "get", "start", "update"];

    // JIT perf maps (/tmp/perf-PID.map) so perf can name managed frames; everything
    // JIT-compiled (no ReadyToRun code) so the framework's frames are named too.
    private static readonly Dictionary<string, string> PerfEnvironment = new(StringComparer.Ordinal)
    {
        ["DOTNET_PerfMapEnabled"] = "1",
        ["DOTNET_EnableWriteXorExecute"] = "0",
        ["DOTNET_ReadyToRun"] = "0",
    };

    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        if (!H2Load.IsInstalled())
        {
            throw new BenchFailedException("h2load is not installed (Debian: nghttp2-client; scripts/install-deps.sh installs it).");
        }

        var profiling = context.PerfLoads.Count > 0;
        await using var server = await ServerUnderTest.StartAsync(context, "serve(rps)", profiling ? PerfEnvironment : null, [.. context.ServeOptions]).ConfigureAwait(false);
        var lifetime = TimeSpan.FromHours(1);
        var getSession = await server.StartAsync("bench-get", server.MintToken("bench-get", lifetime)).ConfigureAwait(false);
        var updateToken = server.MintToken("bench-update", lifetime);
        var updateSession = await server.StartAsync("bench-update", updateToken).ConfigureAwait(false);
        var startRequest = server.StartRequest("bench-start", server.MintToken("bench-start", lifetime));
        var getRequest = new GetSessionRequest { SessionId = getSession.SessionId };
        var updateRequest = new UpdateSessionTokenRequest { SessionId = updateSession.SessionId, Token = updateToken };
        var unaryRequest = new Baseline.V1.UnaryRequest();

        var loads = new[]
        {
            new Load("plain", new Uri(server.PlainAddress, PlainHttp2Baseline.Path.TrimStart('/')), WriteBody(context, "health", new HealthCheckRequest()), Endpoint: "plain", OkStatus: "200", Probe: null, ChecksTokens: false),
            new Load("health", new Uri(server.GrpcAddress, HealthPath), WriteBody(context, "health", new HealthCheckRequest()), "grpc", "0",
                async () => await server.Health.CheckAsync(new HealthCheckRequest(), ServerUnderTest.Deadline()), ChecksTokens: false),
            new Load("unary", new Uri(server.GrpcAddress, ServerUnderTest.UnaryBaselinePath), WriteBody(context, "unary", unaryRequest), "grpc", "0",
                async () => await server.Baseline.UnaryAsync(unaryRequest, ServerUnderTest.Deadline()), ChecksTokens: false),
            new Load("get", new Uri(server.GrpcAddress, ServerUnderTest.PathOf("GetSession")), WriteBody(context, "get", getRequest), "grpc", "0",
                async () => await server.Sessions.GetSessionAsync(getRequest, ServerUnderTest.Deadline()), ChecksTokens: false),
            new Load("start", new Uri(server.GrpcAddress, ServerUnderTest.PathOf("StartSession")), WriteBody(context, "start", startRequest), "grpc", "0",
                async () => await server.Sessions.StartSessionAsync(startRequest, ServerUnderTest.Deadline()), ChecksTokens: true),
            new Load("update", new Uri(server.GrpcAddress, ServerUnderTest.PathOf("UpdateSessionToken")), WriteBody(context, "update", updateRequest), "grpc", "0",
                async () => await server.Sessions.UpdateSessionTokenAsync(updateRequest, ServerUnderTest.Deadline()), ChecksTokens: true),
        };

        // Short bursts, many rounds, and each ratio from bursts in palindrome
        // order (baselines outside, figure in the middle): a change in the
        // neighbours' load during a group cancels out to first order, and a
        // neighbour's burst of work spoils one round, not the median. The Session
        // methods are measured against both grpc-dotnet baselines at once.
        var shape = new H2LoadSettings(Threads: 1, Clients: context.Smoke ? 2 : 4, Streams: context.Smoke ? 8 : 32, Requests: SmokeRequests);
        var burst = loads.ToDictionary(l => l.Name, _ => shape);
        if (!context.Smoke)
        {
            // One unrecorded pass: tiered compilation settles, and each load's rate sizes its bursts.
            foreach (var load in loads)
            {
                var warm = await MeasureAsync(server, load, shape with { Requests = WarmUpRequests }, context.Cores.LoadCore).ConfigureAwait(false);
                burst[load.Name] = shape with { Requests = (int)Math.Clamp(warm.Rate * BurstSeconds, 5_000, 2_000_000) };
            }
        }

        var byName = loads.ToDictionary(l => l.Name);
        var groups = new[]
        {
            new Group(["plain", "health", "unary"], [Pairs.Health, Pairs.Unary, Pairs.HealthVsUnary]),
            new Group(["unary", "health", "get"], [Pairs.Get, Pairs.GetVsHealth]),
            new Group(["unary", "health", "start"], [Pairs.Start, Pairs.StartVsHealth]),
            new Group(["unary", "health", "update"], [Pairs.Update, Pairs.UpdateVsHealth]),
        };
        var samples = groups.SelectMany(g => g.Pairs).ToDictionary(p => p, _ => new List<PairSample>());
        var rates = loads.ToDictionary(l => l.Name, _ => new List<double>());
        var bursts = loads.ToDictionary(l => l.Name, _ => new List<Burst>());
        for (var round = 1; round <= context.Rounds; round++)
        {
            foreach (var group in groups)
            {
                var measured = group.Loads.ToDictionary(name => name, _ => new List<Burst>());
                foreach (var index in Palindrome.Order(group.Loads.Length))
                {
                    var load = byName[group.Loads[index]];
                    measured[load.Name].Add(await MeasureAsync(server, load, burst[load.Name], context.Cores.LoadCore).ConfigureAwait(false));
                }

                foreach (var (name, list) in measured)
                {
                    rates[name].AddRange(list.Select(b => b.Rate));
                    bursts[name].AddRange(list);
                }

                foreach (var pair in group.Pairs)
                {
                    var (b1, b2) = (measured[pair.Candidate][0], measured[pair.Candidate][1]);
                    var (a1, a2) = (measured[pair.Baseline][0], measured[pair.Baseline][1]);
                    var sample = new PairSample(
                        Palindrome.RatioPercent(b1.Rate, b2.Rate, a1.Rate, a2.Rate),
                        // CPU: baseline CPU per request / figure CPU per request, so higher is better as for rates.
                        Palindrome.RatioPercent(a1.CpuPerRequest, a2.CpuPerRequest, b1.CpuPerRequest, b2.CpuPerRequest));
                    samples[pair].Add(sample);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}/{context.Rounds} {pair.Candidate,-6} / {pair.Baseline,-6} {(b1.Rate + b2.Rate) / 2,9:0} / {(a1.Rate + a2.Rate) / 2,9:0} req/s = {sample.RateRatio,4:0} %; server CPU per request {sample.CpuRatio,4:0} %"));
                }
            }
        }

        const string bothBaselines = "trivial grpc-dotnet unary method (bench-only, same application; judged) and Health/Check";
        var rows = new List<FigureRow>
        {
            Row(context, "`grpc.health.v1.Health/Check` req/s as the reference server serves it (Grpc.HealthCheck `HealthServiceImpl`, h2load)", "plain Kestrel HTTP/2 POST endpoint, same body", [Pairs.Health], samples, rates, 0.75),
            Row(context, "trivial grpc-dotnet unary method req/s (bench-only `tessera.bench.v1.BenchBaseline/Unary`, constant answer, same bytes as Health/Check)", "plain Kestrel HTTP/2 POST endpoint, same body", [Pairs.Unary], samples, rates, null),
            Row(context, "Health/Check (`HealthServiceImpl`) req/s against the trivial unary method", "trivial grpc-dotnet unary method", [Pairs.HealthVsUnary], samples, rates, null),
            Row(context, "`GetSession` req/s", bothBaselines, [Pairs.Get, Pairs.GetVsHealth], samples, rates, 0.85),
            Row(context, "`StartSession` req/s (token validation + single-session replace path)", bothBaselines, [Pairs.Start, Pairs.StartVsHealth], samples, rates, 0.45),
            Row(context, "`UpdateSessionToken` req/s", bothBaselines, [Pairs.Update, Pairs.UpdateVsHealth], samples, rates, 0.50),
        };

        var method = new List<string>
        {
            $"Load generator: h2load ({shape.Describe(context.Smoke ? SmokeRequests.ToString(CultureInfo.InvariantCulture) : $"N, N = warm-up rate x {BurstSeconds:0.#} s")}) for all six rates, the same connections and streams for each figure and its baselines; `-H 'content-type: application/grpc' -H 'te: trailers' -d BODY` (POST), BODY a 5-byte gRPC prefix plus the serialized request. A fixed count (not a timed run) makes h2load wait for every answer, so its counts and the server's agree exactly.",
            $"Pinning: {context.Cores.Description}.",
            (context.ServeOptions.Count > 0 ? $"PROFILING RUN: the server ran with `{string.Join(' ', context.ServeOptions)}`, not the defaults. " : string.Empty) + "Server: `serve` = the reference server as `ReferenceServerHost` builds it (`ReferenceServerHost.Configure` with `ReferenceServerSettings.Development(useTestClock: false)`: slim builder, grpc-dotnet (Grpc.AspNetCore), h2c, HS256, warning-level logs, Server GC like the reference server's Web SDK default), with the bench-only `tessera.bench.v1.BenchBaseline` service (a singleton, like the session service) mapped on the same application before it starts, plus the plain baseline (a second Kestrel application in the same process, HTTP/2 only, one `MapPost` that reads the body and writes the same 7 response bytes, no trailers). Both pipelines carry one extra middleware that counts response statuses. Health/Check is `grpc.health.v1.Health/Check` with service \"\" answered by Grpc.HealthCheck's `HealthServiceImpl`, as the reference server registers it; the trivial unary method returns a constant response (`Task.FromResult` of a static message).",
            "Requests: GetSession reads one live session; StartSession sends one valid token and one client_instance_id, so every request replaces the previous session (ONE-3 REPLACE; the replaced sessions are retained for terminated_retention = 10 min, as in production); UpdateSessionToken sends the session's own token, which UPD-4 accepts every time (equal exp), so each request runs the full update and pushes token_updated.",
            "Checked on every burst: h2load saw every request succeed with a 2xx; the server counted exactly that many grpc-status 0 answers (HTTP 200 for the plain endpoint) and nothing else; for StartSession every answer validated a token (`tessera.tokens.validations{outcome=Valid}`) and replaced a session (`tessera.sessions.terminated{reason=SESSION_REPLACED}`); for UpdateSessionToken every answer validated a token.",
            $"Rounds: {context.Rounds} after one unrecorded warm-up pass{(context.Smoke ? string.Empty : $" of {WarmUpRequests:N0} requests per load")}. Each round measures four groups, each in palindrome order (plain, health, unary, unary, health, plain; then unary, health, X, X, health, unary for X = get, start, update), and every ratio is taken from the two bursts of each side as (B1 + B2) / (A1 + A2), so a linear drift of the machine's speed within a group cancels out. The table shows the median and range over the rounds. The Session methods are judged against the trivial unary method, the cleanest grpc-dotnet baseline; their ratio to Health/Check is shown next to it.",
            "CPU-time ratio of each result: the same ratio from the server's own CPU time per request (`Environment.CpuUsage` of the server process before and after each burst; ratio = baseline CPU per request / figure CPU per request). CPU time that a neighbour takes from the server's core is not counted in it, so it is the steadier estimate of what the req/s ratio is on an unshared core; the verdict uses the req/s ratio.",
        };
        method.Add("Server cost per request (medians of all bursts): " + string.Join("; ", loads.Select(l => Cost(l.Name, bursts[l.Name]))) + ".");
        if (profiling)
        {
            method.Insert(0, $"PROFILING RUN (`--perf {string.Join(',', context.PerfLoads)}`): the server ran with {string.Join(", ", PerfEnvironment.Select(e => $"`{e.Key}={e.Value}`"))}, which changes its speed; the ratios of this run are not figures.");
            foreach (var name in context.PerfLoads)
            {
                method.Add(await PerfAsync(context, server, byName[name], burst[name]).ConfigureAwait(false));
            }
        }

        return new SectionResult("Request rates", rows, method);
    }

    /// <summary>
    /// After the measured rounds: <c>perf record -g</c> of the server for
    /// <see cref="PerfSeconds"/> s while h2load drives <paramref name="load"/> (on the
    /// load core, as in the rounds). The data file stays for <c>perf report -i</c>;
    /// the note lists the hottest symbols by self time.
    /// </summary>
    private static async Task<string> PerfAsync(BenchContext context, ServerUnderTest server, Load load, H2LoadSettings burst)
    {
        if (PathLookup.Find("perf") is null)
        {
            throw new BenchFailedException("--perf: perf is not installed (Debian: linux-perf).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "tessera-bench-perf");
        Directory.CreateDirectory(directory);
        var data = Path.Combine(directory, $"perf-{load.Name}.data");
        var pid = server.Pid.ToString(CultureInfo.InvariantCulture);
        var record = ProcessRunner.RunAsync(
            ["perf", "record", "-F", "999", "-g", "-p", pid, "-o", data, "--", "sleep", PerfSeconds.ToString(CultureInfo.InvariantCulture)],
            context.Cores.LoadCore,
            TimeSpan.FromSeconds(PerfSeconds + 60));
        await Task.Delay(300).ConfigureAwait(false);
        // Enough requests to outlast the recording at the rate the warm-up measured.
        var settings = burst with { Requests = (int)Math.Min((long)burst.Requests * (PerfSeconds + 2) / (long)BurstSeconds, int.MaxValue) };
        var measured = await MeasureAsync(server, load, settings, context.Cores.LoadCore).ConfigureAwait(false);
        var recorded = await record.ConfigureAwait(false);
        if (recorded.ExitCode != 0)
        {
            throw new BenchFailedException($"perf record exited with {recorded.ExitCode}: {ProcessRunner.Tail(recorded.Stderr)}");
        }

        var bySymbol = await PerfReportAsync(data, "symbol", 30).ConfigureAwait(false);
        var byObject = await PerfReportAsync(data, "dso", 6).ConfigureAwait(false);
        Console.Error.WriteLine($"  perf {load.Name}: {data} ({measured.Rate:0} req/s during the recording)");
        return string.Create(CultureInfo.InvariantCulture, $"Profile of `{load.Name}` (`perf record -F 999 -g -p SERVER -- sleep {PerfSeconds}` under h2load at {measured.Rate:N0} req/s, {measured.CpuPerRequest * 1e6:0.0} us CPU and {measured.BytesPerRequest:0} B allocated per request; data in `{data}`, e.g. `perf report -i {data} --children --sort symbol`). By object: ")
            + string.Join(", ", byObject)
            + ". Hottest symbols by self time (libcoreclr.so has no symbols here: its addresses are the runtime, mostly the GC): "
            + string.Join("; ", bySymbol) + ".";
    }

    /// <summary>The top lines of <c>perf report --no-children --sort KEY</c>, names shortened.</summary>
    private static async Task<IReadOnlyList<string>> PerfReportAsync(string data, string key, int top)
    {
        var report = await ProcessRunner.RunAsync(
            ["perf", "report", "-i", data, "--no-children", "--sort", key, "-g", "none", "--stdio", "--percent-limit", "0.5"],
            null,
            TimeSpan.FromMinutes(3)).ConfigureAwait(false);
        return report.Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Length > 0 && char.IsDigit(line[0]))
            .Take(top)
            .Select(line => "`" + ShortenPerfLine(line) + "`")
            .ToList();
    }

    /// <summary>
    /// "12.3%  [.] instance bool [Asm] Ns.Type`1[Arg]::Method(args)[OptimizedTier1]  -  -" becomes
    /// "12.3% Type`1[Arg]::Method [OptimizedTier1]".
    /// </summary>
    internal static string ShortenPerfLine(string line)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(line, @"\s+", " ").Trim();
        text = System.Text.RegularExpressions.Regex.Replace(text, @"( -)+$", string.Empty);
        var percent = text.Split(' ', 2);
        if (percent.Length < 2)
        {
            return text;
        }

        var name = System.Text.RegularExpressions.Regex.Replace(percent[1], @"^\[[.k]\] ", string.Empty);
        var separator = name.IndexOf("::", StringComparison.Ordinal);
        if (separator > 0)
        {
            var start = name.LastIndexOf(' ', separator) + 1;
            var open = name.IndexOf('(', separator);
            var tier = System.Text.RegularExpressions.Regex.Match(name, @"\[[A-Za-z0-9]+\]$");
            name = (open > 0 ? name[start..open] : name[start..]) + (tier.Success ? " " + tier.Value : string.Empty);
            name = System.Text.RegularExpressions.Regex.Replace(name, @"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?=[A-Za-z_])", string.Empty);
        }

        return percent[0] + " " + name;
    }

    private static string Cost(string name, List<Burst> bursts) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {Spread.Of(bursts.Select(b => b.CpuPerRequest * 1e6).ToList()).Median:0.0} us CPU, {Spread.Of(bursts.Select(b => b.BytesPerRequest).ToList()).Median:0} B allocated, GC pauses {Spread.Of(bursts.Select(b => b.GcShare * 100).ToList()).Median:0} % of CPU");

    /// <summary>One table row: the first pair is judged against <paramref name="target"/> (none: measured only); the others are shown after it.</summary>
    private static FigureRow Row(BenchContext context, string figure, string baseline, Pair[] pairs, Dictionary<Pair, List<PairSample>> samples, Dictionary<string, List<double>> rates, double? target)
    {
        var parts = new List<string>();
        Spread? judged = null;
        foreach (var pair in pairs)
        {
            var rate = Spread.Of(samples[pair].Select(s => s.RateRatio).ToList());
            var cpu = Spread.Of(samples[pair].Select(s => s.CpuRatio).ToList());
            judged ??= rate;
            var of = pairs.Length > 1 ? $" of {LoadTitle(pair.Baseline)}" : string.Empty;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rate.Format("0", " %")}{of}; CPU-time ratio {cpu.Format("0", " %")}; {Spread.Of(rates[pair.Candidate]).Median:N0} vs {Spread.Of(rates[pair.Baseline]).Median:N0} req/s"));
        }

        var detail = string.Join(". ", parts) + " (req/s: medians of all bursts)";
        if (target is not { } t)
        {
            return new FigureRow(figure, baseline, detail, "-", context.Smoke ? Verdict.NotJudged : "measured");
        }

        return new FigureRow(figure, baseline, detail, string.Create(CultureInfo.InvariantCulture, $">= {t * 100:0} %"), Verdict.Of(context.Smoke, judged!.Median >= t * 100));
    }

    private static string LoadTitle(string name) => name switch
    {
        "unary" => "trivial unary",
        "health" => "Health/Check",
        "plain" => "plain Kestrel",
        _ => name,
    };

    private static async Task<Burst> MeasureAsync(ServerUnderTest server, Load load, H2LoadSettings settings, int? core)
    {
        if (load.Probe is not null)
        {
            try
            {
                await load.Probe().ConfigureAwait(false);
            }
            catch (Grpc.Core.RpcException e)
            {
                throw new BenchFailedException($"{load.Name}: the request h2load is about to send fails: {e.Status.StatusCode} {e.Status.Detail}", e);
            }
        }

        var before = await server.StatsAsync().ConfigureAwait(false);
        var result = await H2Load.RunAsync(load.Url, load.Body, settings, core).ConfigureAwait(false);
        var after = await server.StatsAsync().ConfigureAwait(false);
        // The counting middleware runs after the response may already have left,
        // so the last few counts can trail h2load's exit by a moment.
        for (var retry = 0; retry < 10 && Answered(load, before, after) < settings.Requests; retry++)
        {
            await Task.Delay(100).ConfigureAwait(false);
            after = await server.StatsAsync().ConfigureAwait(false);
        }

        Check(load, before, after, result, settings);
        var cpu = after.CpuSeconds - before.CpuSeconds;
        return new Burst(
            result.RequestsPerSecond,
            cpu / settings.Requests,
            (after.AllocatedBytes - before.AllocatedBytes) / (double)settings.Requests,
            cpu > 0 ? (after.GcPauseSeconds - before.GcPauseSeconds) / cpu : 0);
    }

    private static void Check(Load load, ServeStats before, ServeStats after, H2LoadResult result, H2LoadSettings settings)
    {
        var problems = new List<string>();
        if (result.Succeeded != settings.Requests || result.Failed != 0 || result.Errored != 0 || result.Timeout != 0 || result.Status2xx != settings.Requests || result.StatusOther != 0)
        {
            problems.Add($"h2load: {result.Succeeded} of {settings.Requests} succeeded, {result.Failed} failed, {result.Errored} errored, {result.Timeout} timeout, {result.Status2xx} 2xx, {result.StatusOther} other statuses");
        }

        var ok = after.Status($"{load.Endpoint}/{load.OkStatus}") - before.Status($"{load.Endpoint}/{load.OkStatus}");
        var failures = after.Failures(load.Endpoint, load.OkStatus) - before.Failures(load.Endpoint, load.OkStatus);
        if (failures != 0 || ok != settings.Requests)
        {
            problems.Add($"server: {ok} OK answers and {failures} others ({Delta(before.Statuses, after.Statuses)}) for {settings.Requests} requests");
        }

        if (load.ChecksTokens)
        {
            const string valid = "tessera.tokens.validations/Valid";
            var validated = after.Metric(valid) - before.Metric(valid);
            var refused = TokenRefusals(after) - TokenRefusals(before);
            if (validated != ok || refused != 0)
            {
                problems.Add($"server: {validated} tokens validated and {refused} refused for {ok} OK answers");
            }

            if (load.Name == "start")
            {
                const string replaced = "tessera.sessions.terminated/SESSION_REPLACED";
                var replacedCount = after.Metric(replaced) - before.Metric(replaced);
                if (replacedCount != ok)
                {
                    problems.Add($"server: {replacedCount} sessions replaced for {ok} OK StartSession answers");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new BenchFailedException($"{load.Name} ({load.Url}): {string.Join("; ", problems)}");
        }
    }

    private static long Answered(Load load, ServeStats before, ServeStats after)
    {
        long answered = 0;
        foreach (var (key, value) in after.Statuses)
        {
            if (key.StartsWith(load.Endpoint + "/", StringComparison.Ordinal))
            {
                answered += value - before.Status(key);
            }
        }

        return answered;
    }

    private static string Delta(Dictionary<string, long> before, Dictionary<string, long> after)
    {
        var parts = new List<string>();
        foreach (var (key, value) in after)
        {
            var delta = value - before.GetValueOrDefault(key);
            if (delta != 0)
            {
                parts.Add($"{key}: {delta}");
            }
        }

        return string.Join(", ", parts);
    }

    private static long TokenRefusals(ServeStats stats)
    {
        long refused = 0;
        foreach (var (key, value) in stats.Metrics)
        {
            if (key.StartsWith("tessera.tokens.validations/", StringComparison.Ordinal) && key != "tessera.tokens.validations/Valid")
            {
                refused += value;
            }
        }

        return refused;
    }

    private static string WriteBody(BenchContext context, string name, Google.Protobuf.IMessage message)
    {
        var path = Path.Combine(context.WorkDirectory, name + ".body");
        File.WriteAllBytes(path, GrpcFrame.Encode(message));
        return path;
    }

    /// <summary>
    /// One h2load run: its rate, the server's CPU seconds and allocated bytes per
    /// request during it, and the GC pause time as a share of that CPU time.
    /// </summary>
    private sealed record Burst(double Rate, double CpuPerRequest, double BytesPerRequest, double GcShare);

    /// <summary>One round's A-B-B-A ratios, in percent.</summary>
    private sealed record PairSample(double RateRatio, double CpuRatio);

    private sealed record Pair(string Candidate, string Baseline);

    /// <summary>Loads measured together in palindrome order in each round, and the ratios taken between them.</summary>
    private sealed record Group(string[] Loads, Pair[] Pairs);

    private static class Pairs
    {
        public static readonly Pair Health = new("health", "plain");
        public static readonly Pair Unary = new("unary", "plain");
        public static readonly Pair HealthVsUnary = new("health", "unary");
        public static readonly Pair Get = new("get", "unary");
        public static readonly Pair GetVsHealth = new("get", "health");
        public static readonly Pair Start = new("start", "unary");
        public static readonly Pair StartVsHealth = new("start", "health");
        public static readonly Pair Update = new("update", "unary");
        public static readonly Pair UpdateVsHealth = new("update", "health");
    }

    private sealed record Load(string Name, Uri Url, string Body, string Endpoint, string OkStatus, Func<Task>? Probe, bool ChecksTokens);
}
