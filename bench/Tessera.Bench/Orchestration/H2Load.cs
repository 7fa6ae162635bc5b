using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Bench.Cli;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// Runs h2load (nghttp2) with one gRPC request body against one URL. gRPC
/// needs POST (implied by -d), content-type application/grpc and te: trailers.
/// </summary>
internal static partial class H2Load
{
    public static bool IsInstalled() => PathLookup.Find("h2load") is not null;

    public static async Task<H2LoadResult> RunAsync(Uri url, string bodyFile, H2LoadSettings settings, int? core)
    {
        var command = new List<string>
        {
            "h2load",
            "-t", Invariant(settings.Threads),
            "-c", Invariant(settings.Clients),
            "-m", Invariant(settings.Streams),
            "-H", "content-type: application/grpc",
            "-H", "te: trailers",
            "-d", bodyFile,
        };
        command.AddRange(["-n", Invariant(settings.Requests)]);
        command.Add(url.ToString());
        var timeout = TimeSpan.FromMinutes(2);
        var outcome = await ProcessRunner.RunAsync(command, core, timeout).ConfigureAwait(false);
        if (outcome.ExitCode != 0)
        {
            throw new BenchFailedException($"h2load exited with {outcome.ExitCode} for {url}: {OneLine(outcome.Stderr)}{Environment.NewLine}{ProcessRunner.Tail(outcome.Stdout)}");
        }

        return Parse(outcome.Stdout) ?? throw new BenchFailedException($"could not read h2load's report for {url}:{Environment.NewLine}{ProcessRunner.Tail(outcome.Stdout)}");
    }

    /// <summary>Reads "finished in 4.00s, 12345.67 req/s, ..." and the request and status-code lines.</summary>
    public static H2LoadResult? Parse(string report)
    {
        var finished = FinishedLine().Match(report);
        var requests = RequestsLine().Match(report);
        var codes = StatusLine().Match(report);
        if (!finished.Success || !requests.Success || !codes.Success)
        {
            return null;
        }

        return new H2LoadResult(
            double.Parse(finished.Groups["rps"].Value, CultureInfo.InvariantCulture),
            Long(requests, "done"),
            Long(requests, "succeeded"),
            Long(requests, "failed"),
            Long(requests, "errored"),
            Long(requests, "timeout"),
            Long(codes, "ok"),
            Long(codes, "r3") + Long(codes, "r4") + Long(codes, "r5"));
    }

    private static long Long(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string OneLine(string text) => string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"finished in [0-9.]+[a-z]*, (?<rps>[0-9.]+) req/s")]
    private static partial Regex FinishedLine();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, (?<done>\d+) done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored, (?<timeout>\d+) timeout")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"status codes: (?<ok>\d+) 2xx, (?<r3>\d+) 3xx, (?<r4>\d+) 4xx, (?<r5>\d+) 5xx")]
    private static partial Regex StatusLine();
}
