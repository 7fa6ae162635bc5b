using System.Globalization;
using Grpc.Health.V1;
using Tessera.Bench.Cli;
using Tessera.Bench.Server;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// Request rates with h2load: the plain Kestrel HTTP/2 baseline, Health/Check
/// through the transport, GetSession, StartSession and UpdateSessionToken. One
/// <c>serve</c> process on the server core, h2load (one thread) on the load
/// core; each ratio is measured A-B-B-A within a round, over several rounds.
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

    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        if (!H2Load.IsInstalled())
        {
            throw new BenchFailedException("h2load is not installed (Debian: nghttp2-client; scripts/install-deps.sh installs it).");
        }

        await using var server = await ServerUnderTest.StartAsync(context, "serve(rps)", [.. context.ServeOptions]).ConfigureAwait(false);
        var lifetime = TimeSpan.FromHours(1);
        var getSession = await server.StartAsync("bench-get", server.MintToken("bench-get", lifetime)).ConfigureAwait(false);
        var updateToken = server.MintToken("bench-update", lifetime);
        var updateSession = await server.StartAsync("bench-update", updateToken).ConfigureAwait(false);
        var startRequest = server.StartRequest("bench-start", server.MintToken("bench-start", lifetime));
        var getRequest = new GetSessionRequest { SessionId = getSession.SessionId };
        var updateRequest = new UpdateSessionTokenRequest { SessionId = updateSession.SessionId, Token = updateToken };

        var loads = new[]
        {
            new Load("plain", new Uri(server.PlainAddress, PlainHttp2Baseline.Path.TrimStart('/')), WriteBody(context, "health", new HealthCheckRequest()), Endpoint: "plain", OkStatus: "200", Probe: null, ChecksTokens: false),
            new Load("health", new Uri(server.GrpcAddress, HealthPath), WriteBody(context, "health", new HealthCheckRequest()), "grpc", "0",
                async () => await server.Health.CheckAsync(new HealthCheckRequest(), ServerUnderTest.Deadline()), ChecksTokens: false),
            new Load("get", new Uri(server.GrpcAddress, ServerUnderTest.PathOf("GetSession")), WriteBody(context, "get", getRequest), "grpc", "0",
                async () => await server.Sessions.GetSessionAsync(getRequest, ServerUnderTest.Deadline()), ChecksTokens: false),
            new Load("start", new Uri(server.GrpcAddress, ServerUnderTest.PathOf("StartSession")), WriteBody(context, "start", startRequest), "grpc", "0",
                async () => await server.Sessions.StartSessionAsync(startRequest, ServerUnderTest.Deadline()), ChecksTokens: true),
            new Load("update", new Uri(server.GrpcAddress, ServerUnderTest.PathOf("UpdateSessionToken")), WriteBody(context, "update", updateRequest), "grpc", "0",
                async () => await server.Sessions.UpdateSessionTokenAsync(updateRequest, ServerUnderTest.Deadline()), ChecksTokens: true),
        };

        // Short bursts, many rounds, and each ratio from its own A-B-B-A
        // sequence (baseline, figure, figure, baseline): a change in the
        // neighbours' load during the four bursts cancels out to first order,
        // and a neighbour's burst of work spoils one round, not the median.
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
        var pairs = new[] { Pairs.Transport, Pairs.Get, Pairs.Start, Pairs.Update };
        var samples = pairs.ToDictionary(p => p, _ => new List<PairSample>());
        var rates = loads.ToDictionary(l => l.Name, _ => new List<double>());
        var bursts = loads.ToDictionary(l => l.Name, _ => new List<Burst>());
        for (var round = 1; round <= context.Rounds; round++)
        {
            foreach (var pair in pairs)
            {
                var baseline = byName[pair.Baseline];
                var candidate = byName[pair.Candidate];
                var a1 = await MeasureAsync(server, baseline, burst[baseline.Name], context.Cores.LoadCore).ConfigureAwait(false);
                var b1 = await MeasureAsync(server, candidate, burst[candidate.Name], context.Cores.LoadCore).ConfigureAwait(false);
                var b2 = await MeasureAsync(server, candidate, burst[candidate.Name], context.Cores.LoadCore).ConfigureAwait(false);
                var a2 = await MeasureAsync(server, baseline, burst[baseline.Name], context.Cores.LoadCore).ConfigureAwait(false);
                var sample = new PairSample(
                    100 * (b1.Rate + b2.Rate) / (a1.Rate + a2.Rate),
                    100 * (a1.CpuPerRequest + a2.CpuPerRequest) / (b1.CpuPerRequest + b2.CpuPerRequest));
                samples[pair].Add(sample);
                rates[baseline.Name].AddRange([a1.Rate, a2.Rate]);
                rates[candidate.Name].AddRange([b1.Rate, b2.Rate]);
                bursts[baseline.Name].AddRange([a1, a2]);
                bursts[candidate.Name].AddRange([b1, b2]);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}/{context.Rounds} {candidate.Name,-6} / {baseline.Name,-6} {(b1.Rate + b2.Rate) / 2,9:0} / {(a1.Rate + a2.Rate) / 2,9:0} req/s = {sample.RateRatio,4:0} %; server CPU per request {sample.CpuRatio,4:0} %"));
            }
        }

        var rows = new List<FigureRow>
        {
            Row(context, "`grpc.health.v1.Health/Check` req/s through our transport (h2load)", "plain Kestrel HTTP/2 POST endpoint, same body", Pairs.Transport, samples, rates, 0.60, null),
            Row(context, "`GetSession` req/s", "Health/Check", Pairs.Get, samples, rates, 0.80, null),
            Row(context, "`StartSession` req/s (token validation + single-session replace path)", "Health/Check", Pairs.Start, samples, rates, 0.40, 0.60),
            Row(context, "`UpdateSessionToken` req/s", "Health/Check", Pairs.Update, samples, rates, 0.40, null),
        };

        var method = new List<string>
        {
            $"Load generator: h2load ({shape.Describe(context.Smoke ? SmokeRequests.ToString(CultureInfo.InvariantCulture) : $"N, N = warm-up rate x {BurstSeconds:0.#} s")}) for all five rates, the same connections and streams for each figure and its baseline; `-H 'content-type: application/grpc' -H 'te: trailers' -d BODY` (POST), BODY a 5-byte gRPC prefix plus the serialized request. A fixed count (not a timed run) makes h2load wait for every answer, so its counts and the server's agree exactly.",
            $"Pinning: {context.Cores.Description}.",
            (context.ServeOptions.Count > 0 ? $"PROFILING RUN: the server ran with `{string.Join(' ', context.ServeOptions)}`, not the defaults. " : string.Empty) + "Server: `serve` = the reference server as `ReferenceServerHost.StartAsync(ReferenceServerSettings.Development(useTestClock: false))` builds it (slim builder, h2c, HS256, warning-level logs, Server GC like the reference server's Web SDK default), plus the plain baseline (Kestrel, HTTP/2 only, one `MapPost` that reads the body and writes the same 7 response bytes, no trailers) in the same process. Both pipelines carry one extra middleware that counts response statuses.",
            "Requests: GetSession reads one live session; StartSession sends one valid token and one client_instance_id, so every request replaces the previous session (ONE-3 REPLACE; the replaced sessions are retained for terminated_retention = 10 min, as in production); UpdateSessionToken sends the session's own token, which UPD-4 accepts every time (equal exp), so each request runs the full update and pushes token_updated.",
            "Checked on every burst: h2load saw every request succeed with a 2xx; the server counted exactly that many grpc-status 0 answers (HTTP 200 for the plain endpoint) and nothing else; for StartSession every answer validated a token (`tessera.tokens.validations{outcome=Valid}`) and replaced a session (`tessera.sessions.terminated{reason=SESSION_REPLACED}`); for UpdateSessionToken every answer validated a token.",
            $"Rounds: {context.Rounds} after one unrecorded warm-up pass{(context.Smoke ? string.Empty : $" of {WarmUpRequests:N0} requests per load")}. In each round every ratio is measured as baseline, figure, figure, baseline (A-B-B-A) and taken as (B1 + B2) / (A1 + A2). The table shows the median and range over the rounds.",
            "Second column of each result: the same ratio from the server's own CPU time per request (`Environment.CpuUsage` of the server process before and after each burst; ratio = baseline CPU per request / figure CPU per request). CPU time that a neighbour takes from the server's core is not counted in it, so it is the steadier estimate of what the req/s ratio is on an unshared core; the verdict uses the req/s ratio.",
        };
        method.Add("Server cost per request (medians of all bursts): " + string.Join("; ", loads.Select(l => Cost(l.Name, bursts[l.Name]))) + ".");
        return new SectionResult("Request rates", rows, method);
    }

    private static string Cost(string name, List<Burst> bursts) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {Spread.Of(bursts.Select(b => b.CpuPerRequest * 1e6).ToList()).Median:0.0} us CPU, {Spread.Of(bursts.Select(b => b.BytesPerRequest).ToList()).Median:0} B allocated, GC pauses {Spread.Of(bursts.Select(b => b.GcShare * 100).ToList()).Median:0} % of CPU");

    private static FigureRow Row(BenchContext context, string figure, string baseline, Pair pair, Dictionary<Pair, List<PairSample>> samples, Dictionary<string, List<double>> rates, double target, double? stretch)
    {
        var rate = Spread.Of(samples[pair].Select(s => s.RateRatio).ToList());
        var cpu = Spread.Of(samples[pair].Select(s => s.CpuRatio).ToList());
        var detail = string.Create(CultureInfo.InvariantCulture, $"{rate.Format("0", " %")}; CPU-time ratio {cpu.Format("0", " %")}; {Spread.Of(rates[pair.Candidate]).Median:N0} vs {Spread.Of(rates[pair.Baseline]).Median:N0} req/s (medians of all bursts)");
        var targetText = stretch is { } s
            ? string.Create(CultureInfo.InvariantCulture, $">= {target * 100:0} %, stretch {s * 100:0} %")
            : string.Create(CultureInfo.InvariantCulture, $">= {target * 100:0} %");
        var verdict = Verdict.Of(context.Smoke, rate.Median >= target * 100);
        if (verdict == "met" && stretch is { } stretchTarget)
        {
            verdict = rate.Median >= stretchTarget * 100 ? "met (stretch met)" : "met (stretch missed)";
        }

        return new FigureRow(figure, baseline, detail, targetText, verdict);
    }

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

    private static class Pairs
    {
        public static readonly Pair Transport = new("health", "plain");
        public static readonly Pair Get = new("get", "health");
        public static readonly Pair Start = new("start", "health");
        public static readonly Pair Update = new("update", "health");
    }

    private sealed record Load(string Name, Uri Url, string Body, string Endpoint, string OkStatus, Func<Task>? Probe, bool ChecksTokens);
}
