namespace Tessera.Conformance;

/// <summary>
/// The outcome of one case. A property case keeps testing after a failure and
/// reports each distinct broken requirement once, each with its own shrunk
/// counterexample, so one bug does not hide the next.
/// </summary>
public sealed class CaseResult
{
    /// <summary>How many distinct failures a case collects before it stops.</summary>
    public const int MaxFailures = 5;

    /// <summary>The case this is the result of.</summary>
    public required CaseInfo Case { get; init; }

    /// <summary>The verdict, after the known-failing list was applied.</summary>
    public CaseVerdict Verdict { get; set; }

    /// <summary>Every distinct failure, first found first; empty when no MUST broke.</summary>
    public IReadOnlyList<CaseFailure> Failures { get; init; } = [];

    /// <summary>Broken SHOULDs.</summary>
    public IReadOnlyList<Finding> Warnings { get; init; } = [];

    /// <summary>Sequences run (not counting shrinking).</summary>
    public int Tests { get; init; }

    /// <summary>Sequences the model could not judge (timers tied), not counted as passed.</summary>
    public int Discarded { get; init; }

    /// <summary>Why the case was skipped.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Checks of a case that ran that did not apply to the target (a token attack on the wrong clock or key), each with its reason; empty when all ran.</summary>
    public IReadOnlyList<SkippedCheck> SkippedChecks { get; init; } = [];

    /// <summary>Wall-clock time the case took, shrinking included.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>The first failure's finding; null when none broke.</summary>
    public Finding? Failure => Failures.Count > 0 ? Failures[0].Finding : null;

    /// <summary>The first failure's counterexample.</summary>
    public IReadOnlyList<StepRecord> Counterexample => Failures.Count > 0 ? Failures[0].Counterexample : [];

    /// <summary>The first failure's replay token.</summary>
    public string? Replay => Failures.Count > 0 ? Failures[0].Replay : null;

    /// <summary>
    /// Every id any failure names (empty when it passed): its finding's, and
    /// those of every other MUST finding its counterexample shows, since the
    /// report prints those too and the summary must not leave one out.
    /// </summary>
    public IReadOnlyList<string> FailedIds =>
    [
        .. Failures.SelectMany(f => f.Finding.Ids.Concat(f.Counterexample
            .SelectMany(s => s.Findings)
            .Where(x => x.Level == Requirements.RequirementLevel.Must)
            .SelectMany(x => x.Ids))).Distinct(),
    ];
}
