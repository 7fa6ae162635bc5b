using Tessera.Conformance.Target;

namespace Tessera.Conformance.Cli;

/// <summary>The parsed command line. Null target and server command mean the embedded reference server.</summary>
internal sealed record CliArguments
{
    public CliCommand Command { get; init; } = CliCommand.Run;

    public Uri? Target { get; init; }

    /// <summary>run --server-command: the target is started by the suite (LaunchedTarget).</summary>
    public string? ServerCommand { get; init; }

    public TimeSpan? ServerStartTimeout { get; init; }

    public TimeSpan? ServerStopGrace { get; init; }

    /// <summary>The further nodes of a cluster target: every <c>--target</c> after the first.</summary>
    public IReadOnlyList<Uri> MoreTargets { get; init; } = [];

    public bool Insecure { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    public string? Hs256Secret { get; init; }

    public string? Hs256SecretBase64 { get; init; }

    /// <summary>Path of a PEM private key.</summary>
    public string? SigningKeyPath { get; init; }

    public string Algorithm { get; init; } = "ES256";

    public string? KeyId { get; init; }

    public List<string> Run { get; init; } = [];

    /// <summary>run --client: judge a client through the harness contract instead of a server.</summary>
    public string? ClientCommand { get; init; }

    public List<string> Skip { get; init; } = [];

    public string? KnownFailingPath { get; init; }

    /// <summary>Known-failing patterns listed in the --config file itself.</summary>
    public List<string> KnownFailingPatterns { get; init; } = [];

    public string? KnownFlakyPath { get; init; }

    /// <summary>Known-flaky patterns listed in the --config file itself.</summary>
    public List<string> KnownFlakyPatterns { get; init; } = [];

    /// <summary>The --config file, already merged in by <see cref="CliParser.WithConfig"/>; kept for the replay command.</summary>
    public string? ConfigPath { get; init; }

    public int? MaxTests { get; init; }

    /// <summary>--shrink-budget: most sequences run while shrinking one failure; null keeps the suite's 300.</summary>
    public int? ShrinkBudget { get; init; }

    public int? Parallel { get; init; }

    public ulong? Seed { get; init; }

    public string? Replay { get; init; }

    public bool Trace { get; init; }

    public ClockMode Clock { get; init; } = ClockMode.Auto;

    public TimeSpan? Tolerance { get; init; }

    public TimeSpan? CallTimeout { get; init; }

    public string? JUnitPath { get; init; }

    public string? JsonPath { get; init; }

    public string? HtmlPath { get; init; }

    public bool Color { get; init; } = true;

    public ProfileOverrides Overrides { get; init; } = new();
}
