using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Tessera.Conformance.Clients.Harness;

namespace Tessera.Conformance.Clients.Running;

/// <summary>
/// Runs one requirement as an FsCheck property over generated scenarios, with
/// shrinking: the reported counterexample is the smallest failing scenario
/// found within <see cref="ClientConformanceOptions.ShrinkBudget"/> further
/// runs. Each scenario runs against the live client, so the body blocks on it
/// (on a thread-pool thread, outside any synchronization context).
/// </summary>
internal static class PropertyCheck
{
    public static Task<ClientRequirementVerdict> RunAsync<T>(
        RunContext run,
        ClientRequirement requirement,
        Gen<T> generator,
        Func<T, IEnumerable<T>> shrinker,
        Func<T, Task<string?>> scenario,
        int iterations,
        int? shrinkBudget = null)
        where T : notnull
    {
        return Task.Run(() =>
        {
            var budget = Math.Min(shrinkBudget ?? int.MaxValue, run.Options.ShrinkBudget);
            var runs = 0;
            var failures = 0;
            var sinceFailure = 0;
            string? failure = null;
            T? smallest = default;

            bool Body(T input)
            {
                if (failures > 0 && ++sinceFailure > budget)
                {
                    // Out of shrinking budget: call the rest "passing" so FsCheck stops at the smallest so far.
                    return true;
                }

                runs++;
                string? found;
                try
                {
                    found = scenario(input).GetAwaiter().GetResult();
                }
                catch (HarnessException e)
                {
                    found = "the client broke the harness contract: " + e.Message;
                }

                if (found is null)
                {
                    return true;
                }

                failures++;
                failure = found;
                smallest = input;
                run.Log($"{requirement.Id} failed: {input}: {found}");
                return false;
            }

            var replay = FSharpOption<Replay>.Some(new Replay(new Rnd(run.Seed), FSharpOption<int>.None));
            var config = Config.Quick.WithMaxTest(iterations).WithRunner(new SilentRunner()).WithReplay(replay);
            Check.One(config, Prop.ForAll(Arb.From(generator, shrinker), (Func<T, bool>)Body));
            return failures == 0
                ? new ClientRequirementVerdict { Requirement = requirement, Status = ClientVerdictStatus.Passed, Scenarios = runs }
                : new ClientRequirementVerdict { Requirement = requirement, Status = ClientVerdictStatus.Failed, Scenarios = runs, Counterexample = smallest!.ToString(), Failure = failure };
        });
    }

    /// <summary>Shrink candidates for an int: toward <paramref name="target"/>, first all the way, then halfway, then one step.</summary>
    public static IEnumerable<int> Toward(int value, int target)
    {
        if (value == target)
        {
            yield break;
        }

        yield return target;
        var half = target + ((value - target) / 2);
        if (half != target && half != value)
        {
            yield return half;
        }

        var step = value > target ? value - 1 : value + 1;
        if (step != half && step != target)
        {
            yield return step;
        }
    }

    /// <summary>Shrink candidates for a list: drop each element, then shrink each element in place.</summary>
    public static IEnumerable<List<TItem>> List<TItem>(IReadOnlyList<TItem> items, int minimumCount, Func<TItem, IEnumerable<TItem>> item)
    {
        if (items.Count > minimumCount)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var shorter = items.ToList();
                shorter.RemoveAt(i);
                yield return shorter;
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            foreach (var smaller in item(items[i]))
            {
                var copy = items.ToList();
                copy[i] = smaller;
                yield return copy;
            }
        }
    }
}
