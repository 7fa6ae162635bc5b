using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Globalization;
using Tessera.Conformance.Target;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;

namespace Tessera.Conformance.Cli;

/// <summary>
/// The command line, on System.CommandLine: <c>[run|list|help] [--option value]...</c>.
/// The root command runs the suite, like <c>run</c>. Values are checked while
/// parsing (each mistake names its option); the rules that tie options
/// together are checked by <see cref="ToArguments"/>, as a <see cref="UsageException"/>.
/// </summary>
internal sealed class CliParser
{
    private readonly Option<Uri[]> _target = new("--target")
    {
        Description = "http://host:port (h2c) or https://host:port (TLS); give it once per node to judge a cluster (each step goes to a node the sequence's seed picks); without it the embedded reference server is judged",
        HelpName = "URL",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        CustomParser = r =>
        {
            var nodes = new List<Uri>();
            foreach (var token in r.Tokens)
            {
                var text = token.Value;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    nodes.Add(uri);
                }
                else
                {
                    r.AddError($"--target must be http://host:port or https://host:port, got \"{text}\"");
                }
            }

            return [.. nodes];
        },
    };

    private readonly Option<string?> _serverCommand = new("--server-command")
    {
        Description = "start the target itself: run COMMAND (no shell; {port} and $TESSERA_PORT carry a free port), wait for its grpc.health.v1, stop it with SIGTERM at the end (conformance/docs/launcher.md)",
        HelpName = "COMMAND",
    };

    private readonly Option<TimeSpan?> _serverStartTimeout = DurationOption("--server-start-timeout", "with --server-command: longest wait for the target to get healthy (default 60s)");

    private readonly Option<TimeSpan?> _serverStopGrace = DurationOption("--server-stop-grace", "with --server-command: wait after SIGTERM before the kill (default 10s)");

    private readonly Option<bool> _insecure = new("--insecure") { Description = "accept any TLS certificate" };

    private readonly Option<string?> _hs256Secret = new("--hs256-secret") { Description = "HMAC secret the target trusts, as UTF-8 text (HS256 tokens)", HelpName = "TEXT" };
    private readonly Option<string?> _hs256SecretBase64 = new("--hs256-secret-base64") { Description = "HMAC secret the target trusts, base64-encoded (HS256 tokens)", HelpName = "BASE64" };

    private readonly Option<string?> _signingKey = new("--signing-key") { Description = "PEM private key the target trusts, with --alg", HelpName = "FILE" };

    private readonly Option<string?> _algorithm = Choice("--alg", "ALG", "signing algorithm of --signing-key: ES256 (default), RS256, PS256 or EdDSA", "ES256", "RS256", "PS256", "EdDSA");

    private readonly Option<string?> _keyId = new("--kid") { Description = "kid header of minted tokens", HelpName = "ID" };

    private readonly Option<string?> _issuer = new("--issuer") { Description = "iss of minted tokens (default: the target's first issuer)", HelpName = "ISS" };

    private readonly Option<string?> _audience = new("--audience") { Description = "aud of minted tokens (default: the target's audience)", HelpName = "AUD" };

    private readonly Option<TimeSpan?> _callTimeout = DurationOption("--call-timeout", "longest wait for one call (default 10s)");

    private readonly Option<SingleSessionPolicy?> _policy = new("--policy")
    {
        Description = "profile override: single-session policy (otherwise GetServerInfo's)",
        HelpName = "replace|reject",
        CustomParser = r => r.Tokens[0].Value switch
        {
            "replace" => SingleSessionPolicy.Replace,
            "reject" => SingleSessionPolicy.Reject,
            var other => Error<SingleSessionPolicy?>(r, $"--policy must be replace or reject, got \"{other}\""),
        },
    };

    private readonly Option<TimeSpan?> _leeway = DurationOption("--leeway", "profile override: clock-skew leeway");

    private readonly Option<TimeSpan?> _expiryGrace = DurationOption("--expiry-grace", "profile override: expiry grace");

    private readonly Option<TimeSpan?> _expiringNotice = DurationOption("--expiring-notice", "profile override: token_expiring notice");

    private readonly Option<TimeSpan?> _disconnectGrace = DurationOption("--disconnect-grace", "profile override: disconnect grace");

    private readonly Option<TimeSpan?> _maxTokenLifetime = DurationOption("--max-token-lifetime", "profile override: longest token lifetime");

    private readonly Option<TimeSpan?> _terminatedRetention = DurationOption("--terminated-retention", "profile override: terminated-session retention");

    // A string, not a bool?: System.CommandLine lets a boolean option take only true/false.
    private readonly Option<string?> _guest = Choice("--guest", "on|off", "profile override: guest sessions", "on", "off");

    private readonly Option<List<string>> _run = PatternOption("--run", "run cases whose name or requirement id matches a glob (expiry/*, EXP-*); with --client, requirement ids (CLI-1,CLI-6)");

    private readonly Option<List<string>> _skip = PatternOption("--skip", "skip matching cases");

    private readonly Option<string?> _knownFailing = new("--known-failing") { Description = "cases (globs, one a line, # comments) that must fail; if one passes the run fails", HelpName = "FILE" };

    private readonly Option<string?> _knownFlaky = new("--known-flaky") { Description = "cases (globs, one a line, # comments) allowed to fail on the real clock only: reported as flaky, the run still passes", HelpName = "FILE" };

    // What a config file's list of known-failing / known-flaky patterns becomes (ConfigFile); not for people.
    private readonly Option<List<string>> _knownFailingPatterns = Hidden(PatternOption("--known-failing-patterns", "known-failing patterns, from --config"));

    private readonly Option<List<string>> _knownFlakyPatterns = Hidden(PatternOption("--known-flaky-patterns", "known-flaky patterns, from --config"));

    private readonly Option<string?> _config = new("--config")
    {
        Description = "read options from a YAML or JSON file (keys are option names without dashes); flags on the command line win (conformance/docs/launcher.md)",
        HelpName = "FILE",
    };

    private readonly Option<int?> _maxTests = PositiveOption("--max-tests", "generated sequences per property (default 60, real clock 10; client mode 20)");

    private readonly Option<int?> _shrinkBudget = PositiveOption("--shrink-budget", "most sequences run while shrinking one failure (default 300)");

    private readonly Option<int?> _parallel = PositiveOption("--parallel", "sequences at once with the real clock (default 16)");

    private readonly Option<ClockMode?> _clock = new("--clock")
    {
        Description = "test clock when the target has one (auto, the default), or force one",
        HelpName = "auto|test|real",
        CustomParser = r => r.Tokens[0].Value switch
        {
            "auto" => ClockMode.Auto,
            "test" => ClockMode.Test,
            "real" => ClockMode.Real,
            var other => Error<ClockMode?>(r, $"--clock must be auto, test or real, got \"{other}\""),
        },
    };

    private readonly Option<TimeSpan?> _tolerance = DurationOption("--tolerance", "allowed timer lateness with the real clock (default 1s)");

    private readonly Option<ulong?> _seed = new("--seed")
    {
        Description = "run seed (printed by every run)",
        HelpName = "N",
        CustomParser = r => ulong.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Error<ulong?>(r, $"--seed must be a non-negative integer, got \"{r.Tokens[0].Value}\""),
    };

    private readonly Option<string?> _replay = new("--replay") { Description = "replay one failing sequence a report printed, and shrink it", HelpName = "CASE:SEED:SIZE" };

    private readonly Option<bool> _trace = new("--trace") { Description = "show the wire exchange of failing steps" };

    private readonly Option<string?> _client = new("--client")
    {
        Description = "judge a client instead of a server: run COMMAND as a harness child process (conformance/docs/client-harness.md) against an instrumented server on a test clock",
        HelpName = "COMMAND",
    };

    private readonly Option<string?> _jUnit = new("--junit") { Description = "write a JUnit XML report", HelpName = "FILE" };

    private readonly Option<string?> _json = new("--json") { Description = "write a JSON report", HelpName = "FILE" };

    private readonly Option<string?> _html = new("--html") { Description = "write an HTML report", HelpName = "FILE" };

    private readonly Option<bool> _noColor = new("--no-color") { Description = "no colors, even on a terminal" };

    /// <summary>Printed after the generated help: what options alone cannot say.</summary>
    private const string Epilogue = """
        Without --target or --server-command the reference server is started in this process
        on a free port (the embedded target) and judged. With --server-command the suite starts
        the target as a child process, and can stop it to check EVT-7. Profile overrides replace
        what GetServerInfo says. --config FILE holds any of these options (keys without dashes);
        flags win. Durations: 1.5s, 250ms, 2m, 1h, or a number of seconds.

        Exit codes: 0 every MUST held; 1 a MUST broke (or a known failure passed);
                    2 bad usage or the target cannot be judged (unreachable, not Tessera).
        """;

    /// <summary>
    /// No response files: a value that starts with '@' (a secret, a client
    /// command) is a value, never the name of a file to read arguments from.
    /// </summary>
    public static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    private readonly RootCommand _root;

    // Fresh options for every tree: an option remembers the commands it was added to.
    private CliParser(Func<CliArguments, CancellationToken, Task<int>> execute)
    {
        Option[] runOptions =
        [
            _target, _serverCommand, _serverStartTimeout, _serverStopGrace, _insecure, _hs256Secret, _hs256SecretBase64, _signingKey, _algorithm, _keyId, _issuer, _audience, _callTimeout,
            _policy, _leeway, _expiryGrace, _expiringNotice, _disconnectGrace, _maxTokenLifetime, _terminatedRetention, _guest,
            _config, _run, _skip, _knownFailing, _knownFlaky, _knownFailingPatterns, _knownFlakyPatterns, _maxTests, _shrinkBudget, _parallel, _clock, _tolerance, _seed, _replay, _trace, _client,
            _jUnit, _json, _html, _noColor,
        ];
        var root = new RootCommand("tessera-conformance: checks a server that claims to speak tessera.v1, over the wire.");
        var run = new Command("run", "run the suite (what the command does without a sub-command)");
        foreach (var option in runOptions)
        {
            root.Options.Add(option);
            run.Options.Add(option);
        }

        var list = new Command("list", "list the cases and the SPEC.md ids each checks") { _run, _skip, _config };
        var help = new Command("help", "show this help");
        root.Subcommands.Add(run);
        root.Subcommands.Add(list);
        root.Subcommands.Add(help);

        root.SetAction((parsed, cancellation) => execute(ToArguments(parsed), cancellation));
        run.SetAction((parsed, cancellation) => execute(ToArguments(parsed), cancellation));
        list.SetAction((parsed, cancellation) => execute(ToArguments(parsed), cancellation));
        help.SetAction(parsed => root.Parse(["--help"]).Invoke(parsed.InvocationConfiguration));
        EpilogueHelpAction.Attach(root, Epilogue);
        _root = root;
    }

    /// <summary>
    /// The command tree. The root and <c>run</c> both run the suite and take
    /// every option; <c>list</c> takes only the selection; <c>help</c> prints
    /// the root's help. <paramref name="execute"/> gets the checked arguments.
    /// </summary>
    public static RootCommand Build(Func<CliArguments, CancellationToken, Task<int>> execute) => new CliParser(execute)._root;

    /// <summary>
    /// The command line with the --config file's keys appended as words, except
    /// those the command line gives itself (a key, a target: the whole group).
    /// Unchanged without --config, or when the command line itself does not
    /// parse (its errors come first). A <see cref="UsageException"/> names the
    /// file for a mistake in it.
    /// </summary>
    public static IReadOnlyList<string> WithConfig(IReadOnlyList<string> args)
    {
        var parser = new CliParser(static (_, _) => Task.FromResult(0));
        var parsed = parser._root.Parse(args, Configuration);
        if (parsed.Errors.Count > 0 || parsed.GetValue(parser._config) is not { } path)
        {
            return args;
        }

        var options = parser._root.Options.Where(o => o is not (HelpOption or VersionOption)).ToDictionary(o => o.Name, StringComparer.Ordinal);
        var entries = ConfigFile.Load(path, name => options.TryGetValue(name, out var o) ? o is Option<bool> : null);
        var given = options.Values.Where(o => parsed.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        string[][] groups =
        [
            ["--hs256-secret", "--hs256-secret-base64", "--signing-key", "--alg"],
            ["--target", "--server-command"],
            ["--known-failing", "--known-failing-patterns"],
            ["--known-flaky", "--known-flaky-patterns"],
        ];
        foreach (var group in groups.Where(g => g.Any(given.Contains)))
        {
            given.UnionWith(group);
        }

        var list = parsed.CommandResult.Command.Name == "list";
        var words = new List<string>();
        foreach (var entry in entries.Where(e => !given.Contains(e.Option) && (!list || e.Option is "--run" or "--skip")))
        {
            if (entry.Words is not ["false"] || options[entry.Option] is not Option<bool>)
            {
                words.Add(entry.Option);
                words.AddRange(entry.Words);
            }
        }

        var check = new CliParser(static (_, _) => Task.FromResult(0))._root.Parse(["run", .. words], Configuration);
        if (check.Errors.Count > 0)
        {
            throw new UsageException($"{path}: {CommandLineErrors.Describe(check)}");
        }

        return [.. args, .. words];
    }

    /// <summary>Parses and checks a command line, --config included; any mistake is a <see cref="UsageException"/>.</summary>
    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        args = WithConfig(args);
        var parser = new CliParser(static (_, _) => Task.FromResult(0));
        var parsed = parser._root.Parse(args, Configuration);
        if (parsed.Errors.Count > 0)
        {
            throw new UsageException(CommandLineErrors.Describe(parsed));
        }

        return parsed.CommandResult.Command.Name == "help" || parsed.Action is EpilogueHelpAction
            ? new CliArguments { Command = CliCommand.Help }
            : parser.ToArguments(parsed);
    }

    /// <summary>The arguments of a parse without errors, once the rules that tie options together hold.</summary>
    private CliArguments ToArguments(ParseResult parsed)
    {
        var result = new CliArguments
        {
            Command = parsed.CommandResult.Command.Name == "list" ? CliCommand.List : CliCommand.Run,
            Target = parsed.GetValue(_target) is [var first, ..] ? first : null,
            MoreTargets = parsed.GetValue(_target) is [_, .. var more] ? more : [],
            ServerCommand = parsed.GetValue(_serverCommand),
            ServerStartTimeout = parsed.GetValue(_serverStartTimeout),
            ServerStopGrace = parsed.GetValue(_serverStopGrace),
            Insecure = parsed.GetValue(_insecure),
            Issuer = parsed.GetValue(_issuer),
            Audience = parsed.GetValue(_audience),
            Hs256Secret = parsed.GetValue(_hs256Secret),
            Hs256SecretBase64 = parsed.GetValue(_hs256SecretBase64),
            SigningKeyPath = parsed.GetValue(_signingKey),
            Algorithm = parsed.GetValue(_algorithm) ?? "ES256",
            KeyId = parsed.GetValue(_keyId),
            Run = parsed.GetValue(_run) ?? [],
            Skip = parsed.GetValue(_skip) ?? [],
            ClientCommand = parsed.GetValue(_client),
            KnownFailingPath = parsed.GetValue(_knownFailing),
            KnownFailingPatterns = parsed.GetValue(_knownFailingPatterns) ?? [],
            KnownFlakyPath = parsed.GetValue(_knownFlaky),
            KnownFlakyPatterns = parsed.GetValue(_knownFlakyPatterns) ?? [],
            ConfigPath = parsed.GetValue(_config),
            MaxTests = parsed.GetValue(_maxTests),
            ShrinkBudget = parsed.GetValue(_shrinkBudget),
            Parallel = parsed.GetValue(_parallel),
            Seed = parsed.GetValue(_seed),
            Replay = parsed.GetValue(_replay),
            Trace = parsed.GetValue(_trace),
            Clock = parsed.GetValue(_clock) ?? ClockMode.Auto,
            Tolerance = parsed.GetValue(_tolerance),
            CallTimeout = parsed.GetValue(_callTimeout),
            JUnitPath = parsed.GetValue(_jUnit),
            JsonPath = parsed.GetValue(_json),
            HtmlPath = parsed.GetValue(_html),
            Color = !parsed.GetValue(_noColor),
            Overrides = new ProfileOverrides
            {
                Policy = parsed.GetValue(_policy),
                Leeway = parsed.GetValue(_leeway),
                ExpiryGrace = parsed.GetValue(_expiryGrace),
                ExpiringNotice = parsed.GetValue(_expiringNotice),
                DisconnectGrace = parsed.GetValue(_disconnectGrace),
                MaxTokenLifetime = parsed.GetValue(_maxTokenLifetime),
                TerminatedRetention = parsed.GetValue(_terminatedRetention),
                GuestSessionsEnabled = parsed.GetValue(_guest) is { } guest ? guest == "on" : null,
            },
        };

        var keys = (result.Hs256Secret is null ? 0 : 1) + (result.Hs256SecretBase64 is null ? 0 : 1) + (result.SigningKeyPath is null ? 0 : 1);
        if (keys > 1)
        {
            throw new UsageException("--hs256-secret, --hs256-secret-base64 and --signing-key exclude each other");
        }

        if (result.Hs256SecretBase64 is { } base64 && !IsBase64(base64))
        {
            throw new UsageException($"--hs256-secret-base64 takes base64, got \"{base64}\"");
        }

        if (result.Target is not null && result.ServerCommand is not null)
        {
            throw new UsageException("--target and --server-command exclude each other: the launched target's address is the suite's own choice");
        }

        var external = result.Target is not null ? "--target" : result.ServerCommand is not null ? "--server-command" : null;
        if (external is not null && keys == 0 && result.Command == CliCommand.Run)
        {
            throw new UsageException($"{external} needs a key the target trusts: --hs256-secret <text>, --hs256-secret-base64 <base64> or --signing-key <pem> --alg ES256|RS256|PS256|EdDSA");
        }

        if (external is null && keys > 0)
        {
            throw new UsageException("a signing key only makes sense with --target or --server-command (the embedded server makes its own)");
        }

        if (result.ServerCommand is null && (result.ServerStartTimeout is not null || result.ServerStopGrace is not null))
        {
            throw new UsageException("--server-start-timeout and --server-stop-grace only make sense with --server-command");
        }

        return result;
    }

    /// <summary>"1.5s", "250ms", "2m", "1h", or a plain number of seconds.</summary>
    public static TimeSpan Duration(string option, string text) =>
        TryDuration(text, out var duration) ? duration : throw new UsageException(DurationError(option, text));

    private static bool TryDuration(string text, out TimeSpan duration)
    {
        static bool Number(string s, out double value) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0;
        double v;
        var ok = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) && Number(text[..^2], out v) => (v /= 1000) >= 0,
            _ when text.EndsWith('s') && Number(text[..^1], out v) => true,
            _ when text.EndsWith('m') && Number(text[..^1], out v) => (v *= 60) >= 0,
            _ when text.EndsWith('h') && Number(text[..^1], out v) => (v *= 3600) >= 0,
            _ => Number(text, out v),
        };
        duration = ok ? TimeSpan.FromSeconds(v) : default;
        return ok;
    }

    private static string DurationError(string option, string text) => $"{option} must be a duration like 1s, 250ms, 2m or 1h, got \"{text}\"";

    private static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "D",
        CustomParser = r => TryDuration(r.Tokens[0].Value, out var duration) ? duration : Error<TimeSpan?>(r, DurationError(name, r.Tokens[0].Value)),
    };

    private static Option<int?> PositiveOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = r => int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : Error<int?>(r, $"{name} must be a positive integer, got \"{r.Tokens[0].Value}\""),
    };

    /// <summary>Comma lists that may also be repeated: --run a,b --run c.</summary>
    private static Option<List<string>> PatternOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "P[,P]",
        CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
    };

    private static Option<T> Hidden<T>(Option<T> option)
    {
        option.Hidden = true;
        return option;
    }

    private static Option<string?> Choice(string name, string helpName, string description, params string[] choices) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => choices.Contains(r.Tokens[0].Value, StringComparer.Ordinal)
            ? r.Tokens[0].Value
            : Error<string?>(r, $"{name} must be {string.Join(", ", choices[..^1])} or {choices[^1]}, got \"{r.Tokens[0].Value}\""),
    };

    private static T Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out _);
    }
}
