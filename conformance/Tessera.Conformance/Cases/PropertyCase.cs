using System.Diagnostics;
using Tessera.Conformance.Commands;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Generation;

namespace Tessera.Conformance.Cases;

/// <summary>
/// A model-based property: generated command sequences, each run against the
/// target and the model side by side. A failing sequence is shrunk; testing
/// goes on so that further, different failures are found too (each failure
/// is reported once per broken requirement).
/// </summary>
internal sealed class PropertyCase(CaseInfo info, CommandMix mix) : ConformanceCase(info)
{
    public CommandMix Mix { get; } = mix;

    public override async Task<CaseResult> RunAsync(CaseRun run)
    {
        var watch = Stopwatch.StartNew();
        var max = run.MaxTests;
        var maxLength = run.Options.MaxSequenceLength;
        var running = new List<Task<(int Index, int Size, Command[] Commands, SequenceResult Result)>>();
        var warnings = new List<Finding>();
        var failures = new List<CaseFailure>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var tests = 0;
        var discarded = 0;
        var skipped = 0;
        string? skipReason = null;
        var next = 0;
        while ((next < max && failures.Count < CaseResult.MaxFailures) || running.Count > 0)
        {
            while (next < max && failures.Count < CaseResult.MaxFailures && running.Count < run.Parallelism)
            {
                var index = next++;
                var size = max <= 1 ? maxLength : 3 + (index * (maxLength - 3) / (max - 1));
                running.Add(RunOneAsync(run, index, size));
            }

            var done = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(done);
            var outcome = await done.ConfigureAwait(false);
            tests++;
            warnings.AddRange(outcome.Result.Warnings);
            if (outcome.Result.Discarded is not null)
            {
                discarded++;
            }

            if (outcome.Result.Skipped is { } reason)
            {
                skipped++;
                skipReason ??= reason;
            }

            if (outcome.Result.Failed && failures.Count < CaseResult.MaxFailures && known.Add(outcome.Result.Failure!.Ids[0]))
            {
                var failure = await ShrinkAsync(run, outcome.Commands, outcome.Result, $"{Info.Name}:{run.TestSeed(Info.Name, outcome.Index)}:{outcome.Size}").ConfigureAwait(false);
                known.Add(failure.Finding.Ids[0]);
                failures.Add(failure);
            }
        }

        if (skipped == tests && failures.Count == 0 && skipReason is not null)
        {
            // No sequence could be made within the target's token limit.
            return new CaseResult { Case = Info, Verdict = CaseVerdict.Skipped, SkipReason = skipReason, Tests = tests, Duration = watch.Elapsed };
        }

        return Result(failures, warnings, tests, discarded + skipped, watch.Elapsed);
    }

    public override async Task<CaseResult> ReplayAsync(CaseRun run, ulong seed, int size)
    {
        var watch = Stopwatch.StartNew();
        var commands = run.OnNodes(CommandGenerators.Generate(Mix, seed, size, Math.Max(size, 2)), seed);
        var result = await run.RunSequenceAsync(commands).ConfigureAwait(false);
        var failures = result.Failed ? [await ShrinkAsync(run, commands, result, $"{Info.Name}:{seed}:{size}").ConfigureAwait(false)] : new List<CaseFailure>();
        return Result(failures, result.Warnings, 1, result.Discarded is null ? 0 : 1, watch.Elapsed);
    }

    /// <summary>Shrinks a failure, then runs the minimal sequence once more to tell a solid failure from a flaky one.</summary>
    public static async Task<CaseFailure> ShrinkAsync(CaseRun run, IReadOnlyList<Command> commands, SequenceResult failure, string? replay)
    {
        var shrinker = new Shrinker(run.RunSequenceAsync, run.Options.ShrinkBudget);
        var (minimal, minimalResult) = await shrinker.ShrinkAsync(commands, failure).ConfigureAwait(false);
        var again = await run.RunSequenceAsync(minimal).ConfigureAwait(false);
        var solid = again.Failed && again.Failure!.Ids[0] == minimalResult.Failure!.Ids[0];
        return new CaseFailure
        {
            Finding = minimalResult.Failure!,
            Counterexample = minimalResult.Steps,
            OriginalLength = failure.Steps.Count,
            ShrinkRuns = shrinker.Runs + 1,
            Replay = replay,
            Note = solid ? null : "the shrunk sequence did not fail again when re-run: the failure may depend on timing",
        };
    }

    /// <summary>One warning per requirement is enough for a report.</summary>
    public static List<Finding> Distinct(IEnumerable<Finding> warnings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<Finding>();
        foreach (var w in warnings)
        {
            if (seen.Add(string.Join(",", w.Ids)) && result.Count < 10)
            {
                result.Add(w);
            }
        }

        return result;
    }

    private CaseResult Result(List<CaseFailure> failures, List<Finding> warnings, int tests, int discarded, TimeSpan elapsed) => new()
    {
        Case = Info,
        Verdict = failures.Count > 0 ? CaseVerdict.Failed : warnings.Count > 0 ? CaseVerdict.Warning : CaseVerdict.Passed,
        Failures = failures,
        Warnings = Distinct(warnings),
        Tests = tests,
        Discarded = discarded,
        Duration = elapsed,
    };

    private async Task<(int, int, Command[], SequenceResult)> RunOneAsync(CaseRun run, int index, int size)
    {
        var seed = run.TestSeed(Info.Name, index);
        var commands = run.OnNodes(CommandGenerators.Generate(Mix, seed, size, run.Options.MaxSequenceLength), seed);
        var result = await run.RunSequenceAsync(commands).ConfigureAwait(false);
        return (index, size, commands, result);
    }
}
