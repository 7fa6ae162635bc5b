using Tessera.Conformance.Requirements;
using Tessera.Conformance.Target;

namespace Tessera.Conformance;

/// <summary>The outcome of a run: every case's result, the per-requirement verdicts, and the exit code.</summary>
public sealed class ConformanceReport
{
    /// <summary>The target's address; a cluster's node addresses, comma-separated.</summary>
    public required string Target { get; init; }

    /// <summary>Every node's address, in <c>--target</c> order (one for a single target).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The run seed (pass it back with --seed to run the same sequences).</summary>
    public required ulong Seed { get; init; }

    /// <summary>True when the run drove the target's test clock.</summary>
    public required bool TestClock { get; init; }

    /// <summary>The profile the model used (reported values and overrides).</summary>
    public required TargetProfile Profile { get; init; }

    /// <summary>Every case's result, in catalog order (skipped ones included).</summary>
    public required IReadOnlyList<CaseResult> Results { get; init; }

    /// <summary>When the run started (local clock).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>How to invoke the suite against the same target, for replay commands; null when unknown.</summary>
    public string? CommandLine { get; init; }

    /// <summary>0 when every MUST held (known failures aside), 1 when a MUST broke or a known failure passed.</summary>
    public int ExitCode => Results.Any(r => r.Verdict is CaseVerdict.Failed or CaseVerdict.UnexpectedPass) ? 1 : 0;

    /// <summary>How many cases got <paramref name="verdict"/>.</summary>
    public int Count(CaseVerdict verdict) => Results.Count(r => r.Verdict == verdict);

    /// <summary>The command that reproduces one failure of a case: its replay token, or the case and the run seed.</summary>
    public string ReplayCommand(CaseResult result, CaseFailure failure)
    {
        var prefix = CommandLine ?? "tessera-conformance run";
        return failure.Replay is { } replay ? $"{prefix} --replay {replay}" : $"{prefix} --run {result.Case.Name} --seed {Seed}";
    }

    /// <summary>Every requirement of SPEC.md with its verdict in this run (CLI: not checked, the client suite judges it).</summary>
    public IReadOnlyList<RequirementVerdict> Requirements()
    {
        var verdicts = new List<RequirementVerdict>();
        foreach (var requirement in RequirementCatalog.All)
        {
            // A case may name an id it does not list (a read-back that finds the
            // session wrong names the rule that moved it): the verdict counts
            // every case that named the id, or the summary would leave it out.
            var failing = Results.Where(r => r.FailedIds.Contains(requirement.Id) && r.Verdict is CaseVerdict.Failed or CaseVerdict.KnownFailure or CaseVerdict.Flaky).ToList();
            var warned = Results.Where(r => r.Warnings.Any(w => w.Ids.Contains(requirement.Id))).ToList();
            var covering = Results.Where(r => r.Case.Requirements.Contains(requirement.Id)).Concat(failing).Concat(warned).Distinct().ToList();
            var ran = covering.Where(r => r.Verdict != CaseVerdict.Skipped).ToList();
            CaseVerdict verdict;
            if (failing.Any(r => r.Verdict == CaseVerdict.Failed))
            {
                verdict = requirement.Level == RequirementLevel.Must ? CaseVerdict.Failed : CaseVerdict.Warning;
            }
            else if (failing.Count > 0)
            {
                verdict = failing.Exists(r => r.Verdict == CaseVerdict.KnownFailure) ? CaseVerdict.KnownFailure : CaseVerdict.Flaky;
            }
            else if (warned.Count > 0)
            {
                verdict = CaseVerdict.Warning;
            }
            else
            {
                verdict = ran.Count > 0 ? CaseVerdict.Passed : CaseVerdict.Skipped;
            }

            verdicts.Add(new RequirementVerdict(requirement, verdict, [.. covering.Select(r => r.Case.Name)], [.. failing.Concat(warned).Select(r => r.Case.Name).Distinct()]));
        }

        return verdicts;
    }
}
