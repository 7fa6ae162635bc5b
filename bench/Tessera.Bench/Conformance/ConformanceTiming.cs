using System.Globalization;
using System.Text.RegularExpressions;
using Tessera.Bench.Cli;
using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Conformance;

/// <summary>
/// Wall time of the conformance suite against its embedded reference server,
/// with the test clock and with the real clock. The suite is built (Release)
/// and its dll run directly, so the build is not timed. Not pinned: the suite
/// and its embedded server share one process, and the target is wall time on
/// this machine. A run whose cases fail still counts (the time is what is
/// measured); a run that cannot judge its target (exit 2) does not.
/// </summary>
internal static partial class ConformanceTiming
{
    private const string ProjectPath = "conformance/Tessera.Conformance.Cli/Tessera.Conformance.Cli.csproj";
    private const string DllPath = "conformance/Tessera.Conformance.Cli/bin/Release/net10.0/tessera-conformance.dll";

    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        var project = Path.Combine(context.RepositoryRoot, ProjectPath);
        if (!File.Exists(project))
        {
            return new SectionResult("Conformance suite", [NotAvailable("test clock", "<= 30 s"), NotAvailable("real clock", "<= 3 min")], [$"Not measured: {ProjectPath} does not exist in this clone."]);
        }

        var build = await ProcessRunner.RunAsync(["dotnet", "build", project, "-c", "Release", "--nologo", "-v", "quiet"], core: null, TimeSpan.FromMinutes(10), context.RepositoryRoot).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            throw new BenchFailedException($"the conformance suite does not build:{Environment.NewLine}{ProcessRunner.Tail(build.Stdout)}{ProcessRunner.Tail(build.Stderr)}");
        }

        var dll = Path.Combine(context.RepositoryRoot, DllPath);
        string[] smokeTest = ["--max-tests", "1"];
        // Smoke: the real-clock invocation path (embedded server on the real clock) with the token cases only, which need no waiting.
        string[] smokeReal = ["--max-tests", "1", "--run", "tok/*"];
        var testClockRuns = context.Smoke ? 1 : Math.Min(context.Rounds, 2);
        var test = await TimeAsync(dll, context, ["run", "--clock", "test", "--no-color", .. (context.Smoke ? smokeTest : [])], testClockRuns).ConfigureAwait(false);
        var real = await TimeAsync(dll, context, ["run", "--clock", "real", "--no-color", .. (context.Smoke ? smokeReal : [])], 1).ConfigureAwait(false);

        var rows = new List<FigureRow>
        {
            Row(context, "conformance suite full run, test clock", test, 30),
            Row(context, "conformance suite full run, real clock", real, 180),
        };
        var method = new List<string>
        {
            $"`dotnet {DllPath} run --clock test --no-color` and `... --clock real --no-color`{(context.Smoke ? " (smoke: `--max-tests 1`, and `--run tok/*` with the real clock)" : string.Empty)}, after a Release build that is not timed; the embedded reference server starts inside the suite's process. Not pinned: wall time on this machine is the figure. Test-clock runs: {testClockRuns}; real-clock runs: 1.",
            "A run whose cases fail is still timed (a failing case may take longer: the suite shrinks its counterexample); the result column says how the suite ended.",
        };
        return new SectionResult("Conformance suite", rows, method);
    }

    private static async Task<List<SuiteRun>> TimeAsync(string dll, BenchContext context, string[] args, int runs)
    {
        var results = new List<SuiteRun>();
        for (var i = 0; i < runs; i++)
        {
            var outcome = await ProcessRunner.RunAsync(["dotnet", dll, .. args], core: null, TimeSpan.FromMinutes(15), context.RepositoryRoot, echo: context.Verbose).ConfigureAwait(false);
            var summary = CasesLine().Match(outcome.Stdout);
            var ending = summary.Success ? summary.Value : LastLine(outcome.Stdout + outcome.Stderr);
            if (outcome.ExitCode is not (0 or 1))
            {
                throw new BenchFailedException($"the conformance suite ({string.Join(' ', args)}) ended with exit code {outcome.ExitCode} after {outcome.Elapsed.TotalSeconds:0.0} s: {ending}");
            }

            results.Add(new SuiteRun(outcome.Elapsed.TotalSeconds, outcome.ExitCode, ending));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {string.Join(' ', args)}: {outcome.Elapsed.TotalSeconds:0.0} s, exit {outcome.ExitCode}: {ending}"));
        }

        return results;
    }

    private static FigureRow Row(BenchContext context, string figure, List<SuiteRun> runs, double targetSeconds)
    {
        var seconds = Spread.Of(runs.Select(r => r.Seconds).ToList());
        var last = runs[^1];
        var how = last.ExitCode == 0 ? "every MUST held" : "some cases failed";
        var target = targetSeconds >= 60 ? $"<= {targetSeconds / 60:0} min" : $"<= {targetSeconds:0} s";
        return new FigureRow(figure, "-", $"{seconds.Format("0.0", " s")}; exit {last.ExitCode} ({how}): {last.Summary}", target, Verdict.Of(context.Smoke, seconds.Median <= targetSeconds));
    }

    private static FigureRow NotAvailable(string clock, string target) =>
        new($"conformance suite full run, {clock}", "-", "not measured: suite not available", target, "not measured");

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : lines[^1];
    }

    [GeneratedRegex(@"Cases: [^\r\n]*")]
    private static partial Regex CasesLine();

    private sealed record SuiteRun(double Seconds, int ExitCode, string Summary);
}
