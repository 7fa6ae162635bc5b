using Tessera.Conformance.Target;

namespace Tessera.Conformance;

/// <summary>Everything a run needs: the target, the selection of cases, and how hard to try.</summary>
public sealed record ConformanceOptions
{
    /// <summary>The target and what to mint its tokens with. Required.</summary>
    public required TargetOptions Target { get; init; }

    /// <summary>Values that replace what the target reports in GetServerInfo; null (the default) keeps them all.</summary>
    public ProfileOverrides? Overrides { get; init; }

    /// <summary>Which clock to use. Defaults to <see cref="ClockMode.Auto"/>.</summary>
    public ClockMode Clock { get; init; } = ClockMode.Auto;

    /// <summary>Glob patterns (<c>*</c>, <c>?</c>) on case names or requirement ids; a case runs when it matches one. Empty (the default) runs every case.</summary>
    public IReadOnlyList<string> Run { get; init; } = [];

    /// <summary>Glob patterns of cases (names or ids) not to run. Empty by default.</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>Patterns of cases that are known to fail: they must fail, or the run fails. Empty by default.</summary>
    public IReadOnlyList<string> KnownFailing { get; init; } = [];

    /// <summary>
    /// Patterns of cases allowed to fail on the real clock only (timing under
    /// load): such a failure is reported as <see cref="CaseVerdict.Flaky"/> and
    /// does not fail the run. Empty by default; ignored on the test clock.
    /// </summary>
    public IReadOnlyList<string> KnownFlaky { get; init; } = [];

    /// <summary>Generated sequences per property case. Null (the default) means 60 with the test clock and 10 with the real clock.</summary>
    public int? MaxTests { get; init; }

    /// <summary>Sequences run at once with the real clock. Defaults to 16. The test clock is shared by all sequences, so with it they always run one at a time.</summary>
    public int Parallel { get; init; } = 16;

    /// <summary>The run seed; null (the default) picks one, which the report prints.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Replays one generated sequence, <c>case:seed:size</c> as a failure report prints it, instead of a normal run. Null by default.</summary>
    public string? Replay { get; init; }

    /// <summary>Record the wire exchange and show it for failing steps. False by default.</summary>
    public bool Trace { get; init; }

    /// <summary>Allowed timer lateness and clock difference with the real clock (EXP-6). Defaults to 1 s.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest generated sequence. Defaults to 20 commands.</summary>
    public int MaxSequenceLength { get; init; } = 20;

    /// <summary>Most sequences run while shrinking one failure. Defaults to 300.</summary>
    public int ShrinkBudget { get; init; } = 300;

    /// <summary>How to invoke the suite against this target again, for the replay commands in reports; null (the default) writes a generic one.</summary>
    public string? CommandLine { get; init; }

    /// <summary>
    /// How long to wait for an event or stream end the model says is due.
    /// Null (the default) means 500 ms with the test clock, where AdvanceTime
    /// returns only once the events are queued (CLK-3), and 2 s with the real clock.
    /// </summary>
    public TimeSpan? EventTimeout { get; init; }
}
