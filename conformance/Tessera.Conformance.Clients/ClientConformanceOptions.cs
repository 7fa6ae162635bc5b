namespace Tessera.Conformance.Clients;

/// <summary>Settings of a client conformance run.</summary>
public sealed class ClientConformanceOptions
{
    /// <summary>Generated scenarios per property (CLI-7 runs a quarter of them, at least 3: its scenarios wait in real time). Defaults to 20.</summary>
    public int Iterations { get; init; } = 20;

    /// <summary>The seed of every property; null (the default) picks one, reported in the result.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Only these requirement ids run (e.g. <c>CLI-1</c>); null (the default) runs all.</summary>
    public IReadOnlyCollection<string>? Requirements { get; init; }

    /// <summary>How long to wait for something the client must do (answer a command, ask for a token, reconnect). Defaults to 5 s.</summary>
    public TimeSpan EventTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long to watch for something the client must not do on its own
    /// (reconnect without its clock moving, call after a terminal event).
    /// Defaults to 250 ms. A correct client cannot fail because of it; a
    /// faulty one slower than this may slip through.
    /// </summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Scenarios run while shrinking a failure before the smallest so far is reported. Defaults to 24.</summary>
    public int ShrinkBudget { get; init; } = 24;

    /// <summary>Receives progress lines (one per scenario failure and per requirement). Defaults to null.</summary>
    public Action<string>? Log { get; init; }
}
