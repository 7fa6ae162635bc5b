using System.Diagnostics;
using Tessera.Conformance.Commands;

namespace Tessera.Conformance.Cases;

/// <summary>
/// A fixed sequence, built when the case runs (it may depend on the target's
/// profile), run once and shrunk like a property when it fails. Ids in
/// <see cref="ExtraIds"/> are added to a failure that names one of
/// <see cref="ExtraIdsWhen"/> (INF-1 when a boundary of a declared value was
/// not where the target reported it), never to an unrelated one.
/// </summary>
internal sealed class ScenarioCase(CaseInfo info, Func<CaseRun, IReadOnlyList<Command>> build) : ConformanceCase(info)
{
    public IReadOnlyList<string> ExtraIds { get; init; } = [];

    /// <summary>The ids whose failure shows a declared value is not the enforced one; empty: every failure.</summary>
    public IReadOnlyList<string> ExtraIdsWhen { get; init; } = [];

    /// <summary>False for a scenario that cannot run twice (it stops the target): its failure is reported unshrunk. True by default.</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>True when the commands name their nodes themselves (a node-stop scenario) instead of taking them from the seed. False by default.</summary>
    public bool FixedNodes { get; init; }

    /// <summary>Why the target's profile leaves nothing for this scenario to check (no EXPIRED state without a grace...); null to run.</summary>
    public Func<Target.TargetProfile, string?>? SkipWhen { get; init; }

    public override async Task<CaseResult> RunAsync(CaseRun run)
    {
        var watch = Stopwatch.StartNew();
        if (SkipWhen?.Invoke(run.State.Profile) is { } why)
        {
            return new CaseResult { Case = Info, Verdict = CaseVerdict.Skipped, SkipReason = why, Duration = watch.Elapsed };
        }

        IReadOnlyList<Command> commands;
        try
        {
            commands = FixedNodes ? build(run) : run.OnNodes([.. build(run)], run.TestSeed(Info.Name, 0));
        }
        catch (Tokens.TokenDoesNotFitException e)
        {
            return new CaseResult { Case = Info, Verdict = CaseVerdict.Skipped, SkipReason = e.Message, Duration = watch.Elapsed };
        }

        var result = await run.RunSequenceAsync(commands).ConfigureAwait(false);
        if (result.Skipped is { } reason && !result.Failed)
        {
            return new CaseResult { Case = Info, Verdict = CaseVerdict.Skipped, SkipReason = reason, Duration = watch.Elapsed };
        }

        // A step whose check does not apply sent nothing: it is listed as
        // skipped, and a case made only of such steps checked nothing at all.
        var skipped = result.Steps.Select(s => s.Skipped).OfType<SkippedCheck>().Distinct().ToList();
        if (!result.Failed && result.Steps.Count > 0 && result.Steps.TrueForAll(s => s.Skipped is not null))
        {
            var reasons = string.Join("; ", skipped.Select(s => s.Reason).Distinct());
            return new CaseResult { Case = Info, Verdict = CaseVerdict.Skipped, SkipReason = "no check applies to this target: " + reasons, SkippedChecks = skipped, Duration = watch.Elapsed };
        }

        if (!result.Failed)
        {
            return new CaseResult
            {
                Case = Info,
                Verdict = result.Warnings.Count > 0 ? CaseVerdict.Warning : CaseVerdict.Passed,
                Warnings = PropertyCase.Distinct(result.Warnings),
                SkippedChecks = skipped,
                Tests = 1,
                Discarded = result.Discarded is null ? 0 : 1,
                Duration = watch.Elapsed,
            };
        }

        var shrunk = Shrink
            ? await PropertyCase.ShrinkAsync(run, commands, result, replay: null).ConfigureAwait(false)
            : new CaseFailure { Finding = result.Failure!, Counterexample = result.Steps, OriginalLength = result.Steps.Count };
        if (ExtraIds.Count > 0 && (ExtraIdsWhen.Count == 0 || shrunk.Finding.Ids.Any(ExtraIdsWhen.Contains)))
        {
            var finding = shrunk.Finding;
            shrunk = new CaseFailure
            {
                Finding = new Finding([.. finding.Ids, .. ExtraIds.Where(id => !finding.Ids.Contains(id))], finding.Message),
                Counterexample = shrunk.Counterexample,
                OriginalLength = shrunk.OriginalLength,
                ShrinkRuns = shrunk.ShrinkRuns,
                Note = shrunk.Note,
            };
        }

        return new CaseResult
        {
            Case = Info,
            Verdict = CaseVerdict.Failed,
            Failures = [shrunk],
            Warnings = PropertyCase.Distinct(result.Warnings),
            SkippedChecks = skipped,
            Tests = 1,
            Duration = watch.Elapsed,
        };
    }
}
