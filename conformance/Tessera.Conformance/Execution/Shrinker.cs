using Tessera.Conformance.Commands;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Shrinks a failing command sequence to a small one that still fails the
/// same way (same first requirement id): first cut everything after the
/// failing step, then remove chunks (halves, quarters... single commands),
/// then replace commands by simpler variants, until nothing more helps or the
/// budget is spent. Every candidate runs against the target.
/// </summary>
internal sealed class Shrinker(Func<IReadOnlyList<Command>, Task<SequenceResult>> run, int budget)
{
    public int Runs { get; private set; }

    public async Task<(List<Command> Commands, SequenceResult Result)> ShrinkAsync(IReadOnlyList<Command> failing, SequenceResult failure)
    {
        var primary = failure.Failure!.Ids[0];
        var best = Cut(failing, failure);
        var bestResult = failure;
        var progress = true;
        while (progress && Runs < budget)
        {
            progress = false;
            for (var chunk = Math.Max(1, best.Count / 2); chunk >= 1 && Runs < budget; chunk /= 2)
            {
                for (var start = 0; start < best.Count && Runs < budget;)
                {
                    if (best.Count <= 1)
                    {
                        break;
                    }

                    var candidate = new List<Command>(best);
                    candidate.RemoveRange(start, Math.Min(chunk, candidate.Count - start));
                    var (ok, result) = await TryAsync(candidate, primary).ConfigureAwait(false);
                    if (ok)
                    {
                        best = Cut(candidate, result!);
                        bestResult = result!;
                        progress = true;
                    }
                    else
                    {
                        start += chunk;
                    }
                }

                if (chunk == 1)
                {
                    break;
                }
            }

            for (var i = 0; i < best.Count && Runs < budget; i++)
            {
                foreach (var simpler in best[i].Simplify())
                {
                    if (Runs >= budget)
                    {
                        break;
                    }

                    // The simpler command keeps its step's node (cluster mode).
                    var candidate = new List<Command>(best) { [i] = simpler with { Node = best[i].Node } };
                    var (ok, result) = await TryAsync(candidate, primary).ConfigureAwait(false);
                    if (ok)
                    {
                        best = Cut(candidate, result!);
                        bestResult = result!;
                        progress = true;
                        break;
                    }
                }
            }
        }

        return (best, bestResult);
    }

    private async Task<(bool Ok, SequenceResult? Result)> TryAsync(List<Command> candidate, string primary)
    {
        Runs++;
        var result = await run(candidate).ConfigureAwait(false);
        return (result.Failed && result.Failure!.Ids.Count > 0 && result.Failure.Ids[0] == primary, result);
    }

    /// <summary>Everything after the failing step is noise.</summary>
    private static List<Command> Cut(IReadOnlyList<Command> commands, SequenceResult result)
    {
        var failingStep = result.Steps.Count;
        return [.. commands.Take(failingStep)];
    }
}
