using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Tessera.Bench.Expiry;
using Tessera.Bench.Memory;
using Tessera.Bench.Micro;
using Tessera.Bench.Orchestration;
using Tessera.Bench.Server;
using Tessera.ReferenceServer;

namespace Tessera.Bench.Cli;

/// <summary>
/// The command line, on System.CommandLine. <c>run</c> is what bench/run.sh
/// calls; the others are the child processes it starts (each pinned to its own
/// core where possible), and can be run by hand to reproduce one figure.
/// Unknown options are errors, so a typo in run.sh cannot silently fall back
/// to a default.
/// </summary>
internal static class BenchCommand
{
    private const string Epilogue = """
        Exit codes: 0 ran (targets missed or not); 1 a measurement failed; 2 bad usage.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = Build();
        // No response files: run.sh passes paths, and one may start with '@'.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"tessera-bench: {CommandLineErrors.Describe(parsed)} (see: tessera-bench --help)").ConfigureAwait(false);
            return 2;
        }

        try
        {
            // The orchestrator stops its children itself; no Ctrl+C handling or stack-trace printing of the library's.
            var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"tessera-bench: {e.Message} (see: tessera-bench --help)").ConfigureAwait(false);
            return 2;
        }
        catch (BenchFailedException e)
        {
            await error.WriteLineAsync($"tessera-bench: FAILED: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    internal static RootCommand Build()
    {
        var root = new RootCommand("tessera-bench: Tessera's benchmarks; every figure is a ratio against a baseline measured in the same run.");
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(ServeCommand());
        root.Subcommands.Add(WatchersCommand());
        root.Subcommands.Add(ExpiryCommand());
        root.Subcommands.Add(MicroCommand());
        root.Subcommands.Add(CensusCommandLine());
        var help = new Command("help", "show this help");
        help.SetAction(parsed => root.Parse(["--help"]).Invoke(parsed.InvocationConfiguration));
        root.Subcommands.Add(help);
        // Without a command: the help, but as bad usage (2), since nothing ran.
        root.SetAction(parsed =>
        {
            root.Parse(["--help"]).Invoke(parsed.InvocationConfiguration);
            return 2;
        });
        EpilogueHelpAction.Attach(root, Epilogue);
        return root;
    }

    private static Command RunCommand()
    {
        var smoke = Flag("--smoke", "tiny counts, checks every figure runs (fails on errors, never on targets)");
        var rounds = WholeNumber("--rounds", "repeats of each ratio (default 7; smoke 1; memory uses at most 3, expiry and the suite at most 2)");
        var only = new Option<string?>("--only") { Description = "comma list of: rps, micro, memory, expiry, conformance, cluster, cluster-expiry", HelpName = "LIST" };
        var output = new Option<string?>("--out") { Description = "also write the table into FILE (between its generated-results markers)", HelpName = "FILE" };
        var repository = new Option<string?>("--repo") { Description = "the repository (default: the directory above holding Conformance.sln)", HelpName = "DIR" };
        var verbose = Flag("--verbose", "pass the child processes' logs through");
        var retention = Seconds("--terminated-retention", "profiling only: the request-rate server's terminated_retention");
        var heapProfile = Flag("--heap-profile", "profiling only: the memory figure's managed bytes by type (heap dumps), for the watched sessions, the grpc-dotnet idle calls and their difference");
        var perf = new Option<string?>("--perf")
        {
            Description = "profiling only: after the rps rounds, `perf record -g` the server under each named load (plain, health, unary, get, start, update)",
            HelpName = "LOADS",
        };
        var command = new Command("run", "every figure, a table on stdout and in --out (default: none)") { smoke, rounds, only, output, repository, verbose, retention, heapProfile, perf };
        command.SetAction(parsed => BenchRunner.RunAsync(new RunOptions(
            parsed.GetValue(smoke),
            parsed.GetValue(rounds),
            parsed.GetValue(only),
            parsed.GetValue(output),
            parsed.GetValue(verbose),
            parsed.GetValue(repository),
            parsed.GetValue(retention),
            parsed.GetValue(heapProfile),
            parsed.GetValue(perf))));
        return command;
    }

    private static Command ServeCommand()
    {
        var noStatusCounting = Flag("--no-status-counting", "no counting middleware (the memory figure)");
        var retention = Seconds("--terminated-retention", "profiling only: terminated_retention");
        var redis = new Option<string?>("--redis") { Description = "use the Redis store at HOST:PORT (a node of a cluster) instead of the in-memory one", HelpName = "HOST:PORT" };
        var secret = new Option<string?>("--secret") { Description = "the HS256 secret (base64; default: a fresh random one), so the nodes of a cluster accept the same tokens", HelpName = "BASE64" };
        var command = new Command("serve", "the server under load (stdin: stats | memory | quit)") { noStatusCounting, retention, redis, secret };
        command.SetAction(parsed => BenchServer.RunAsync(new ServeOptions(parsed.GetValue(noStatusCounting), parsed.GetValue(retention), parsed.GetValue(redis), parsed.GetValue(secret))));
        return command;
    }

    private static Command WatchersCommand()
    {
        var address = Required("--address", "the reference server (gRPC)", "URL");
        var plain = Required("--plain", "the plain HTTP/2 baseline", "URL");
        var issuer = Required("--issuer", "iss of the minted tokens", "ISS");
        var kid = Required("--kid", "kid of the minted tokens", "KID");
        var secret = Required("--secret", "the server's HS256 secret", "BASE64");
        var command = new Command(
            "watchers",
            "opens sessions with a watch stream each, or plain held-open HTTP/2 streams (stdin: open N | hold N | quit)")
        {
            address, plain, issuer, kid, secret,
        };
        command.SetAction(parsed => WatcherFleet.RunAsync(new WatchersOptions(
            parsed.GetRequiredValue(address),
            parsed.GetRequiredValue(plain),
            parsed.GetRequiredValue(issuer),
            parsed.GetRequiredValue(kid),
            parsed.GetRequiredValue(secret))));
        return command;
    }

    private static Command ExpiryCommand()
    {
        var sessions = WholeNumber("--sessions", "sessions to expire (default 100000)");
        var spread = PositiveSeconds("--spread", "window their expiries are spread over (default 60)");
        var lead = PositiveSeconds("--lead", "seconds from set-up to the first expiry (default 10)");
        var command = new Command("expiry", "real-clock expiry lateness") { sessions, spread, lead };
        command.SetAction(parsed => ExpiryBench.RunAsync(new ExpiryOptions(
            parsed.GetValue(sessions) ?? 100_000,
            parsed.GetValue(spread) ?? 60,
            parsed.GetValue(lead) ?? 10)));
        return command;
    }

    private static Command MicroCommand()
    {
        var smoke = Flag("--smoke", "BenchmarkDotNet's dry job: checks it runs");
        var rounds = WholeNumber("--rounds", "rounds, one MICRO line each (default 1)");
        var artifacts = new Option<string?>("--artifacts") { Description = "BenchmarkDotNet's artifacts directory (default: a temp directory)", HelpName = "DIR" };
        var verbose = Flag("--verbose", "BenchmarkDotNet's log on the console");
        var command = new Command("micro", "BenchmarkDotNet: token validation against raw crypto") { smoke, rounds, artifacts, verbose };
        command.SetAction(parsed => MicroBench.Run(new MicroOptions(
            parsed.GetValue(smoke),
            parsed.GetValue(rounds) ?? 1,
            parsed.GetValue(artifacts),
            parsed.GetValue(verbose))));
        return command;
    }

    private static Command CensusCommandLine()
    {
        var pid = WholeNumber("--pid", "the process to take the census of");
        var save = new Option<string?>("--save") { Description = "write the census to FILE", HelpName = "FILE" };
        var diff = new Option<string?>("--diff") { Description = "print each type's growth since the census in FILE", HelpName = "FILE" };
        var per = WholeNumber("--per", "with --diff: growth per N units (requests, sessions; default 1)");
        var top = WholeNumber("--top", "with --diff: the N types that grew most (default 30)");
        var command = new Command("census", "profiling: heap census of a process (--save FILE), or its growth by type (--diff FILE --per N)")
        {
            pid, save, diff, per, top,
        };
        command.SetAction(parsed => CensusCommand.Run(new CensusOptions(
            parsed.GetValue(pid) ?? 0,
            parsed.GetValue(save),
            parsed.GetValue(diff),
            parsed.GetValue(per) ?? 1,
            parsed.GetValue(top) ?? 30)));
        return command;
    }

    private static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    private static Option<string> Required(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Required = true };

    private static Option<int?> WholeNumber(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = r => int.TryParse(r.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : Error<int?>(r, $"{name} must be a whole number >= 0; got '{r.Tokens[0].Value}'"),
    };

    private static Option<double?> PositiveSeconds(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "SECONDS",
        CustomParser = r => double.TryParse(r.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : Error<double?>(r, $"{name} must be a positive number; got '{r.Tokens[0].Value}'"),
    };

    /// <summary>Seconds where 0 is allowed (terminated_retention 0: nothing retained).</summary>
    private static Option<double?> Seconds(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "S",
        CustomParser = r => double.TryParse(r.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : Error<double?>(r, $"{name} must be a number of seconds >= 0; got '{r.Tokens[0].Value}'"),
    };

    private static T Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
