using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Commands;
using Tessera.Conformance.Execution;
using Tessera.Protocol;

namespace Tessera.Conformance.Tests;

public sealed class ShrinkerTests
{
    /// <summary>A command that only exists to be shrunk: the fake target fails on ids 3 then 7.</summary>
    private sealed record Marker(int Id, int Weight) : Command
    {
        public override Task ExecuteAsync(SequenceContext context, StepRecord step) => throw new NotSupportedException();

        public override IEnumerable<Command> Simplify()
        {
            if (Weight > 0)
            {
                yield return this with { Weight = 0 };
            }
        }
    }

    /// <summary>Fails at the step holding id 7 when id 3 came before it, naming <paramref name="id"/>.</summary>
    private static Task<SequenceResult> FakeTarget(IReadOnlyList<Command> commands, string id = Req.EXP_1)
    {
        var seenThree = false;
        var steps = new List<StepRecord>();
        for (var i = 0; i < commands.Count; i++)
        {
            var marker = (Marker)commands[i];
            var step = new StepRecord { Index = i + 1, Command = marker.ToString() };
            steps.Add(step);
            seenThree |= marker.Id == 3;
            if (marker.Id == 7 && seenThree)
            {
                var finding = new Finding([id], "3 then 7");
                step.Findings.Add(finding);
                return Task.FromResult(new SequenceResult { Steps = steps, Failure = finding });
            }
        }

        return Task.FromResult(new SequenceResult { Steps = steps });
    }

    [Fact]
    public async Task ShrinkAsync_AnyFailingSequence_EndsAtTheTwoCulpritsWithSimplestWeights()
    {
        var gen = from noise in Gen.Choose(0, 30).SelectMany(n => Gen.ArrayOf(Gen.Choose(10, 99), n))
                  from before in Gen.Choose(0, noise.Length)
                  from between in Gen.Choose(before, noise.Length)
                  from weights in Gen.ArrayOf(Gen.Choose(0, 5), noise.Length + 2)
                  select (Noise: noise, Before: before, Between: between, Weights: weights);
        foreach (var (noise, before, between, weights) in Gen.Sample(gen, 50, new Rnd(7), 30))
        {
            var ids = noise.Take(before).Append(3).Concat(noise.Skip(before).Take(between - before)).Append(7).Concat(noise.Skip(between)).ToList();
            var commands = ids.Select((id, i) => (Command)new Marker(id, weights[i])).ToList();
            var failure = await FakeTarget(commands);
            var shrinker = new Shrinker(c => FakeTarget(c), budget: 10_000);

            var (minimal, result) = await shrinker.ShrinkAsync(commands, failure);

            Assert.Equal([new Marker(3, 0), new Marker(7, 0)], minimal.Cast<Marker>());
            Assert.Equal(Req.EXP_1, result.Failure!.Ids[0]);
        }
    }

    [Fact]
    public async Task ShrinkAsync_CandidateFailingForAnotherRequirement_IsNotTaken()
    {
        List<Command> commands = [new Marker(3, 1), new Marker(5, 1), new Marker(7, 1)];
        var failure = await FakeTarget(commands, Req.UPD_2);

        // Without the 5 the target still fails, but names another requirement.
        var shrinker = new Shrinker(c => FakeTarget(c, c.Cast<Marker>().Any(m => m.Id == 5) ? Req.UPD_2 : Req.SES_1), budget: 1000);
        var (minimal, result) = await shrinker.ShrinkAsync(commands, failure);

        Assert.Contains(minimal.Cast<Marker>(), m => m.Id == 5);
        Assert.Equal(Req.UPD_2, result.Failure!.Ids[0]);
    }

    [Fact]
    public async Task ShrinkAsync_Budget_StopsAfterThatManyRuns()
    {
        var commands = Enumerable.Range(10, 40).Select(i => (Command)new Marker(i, 1)).Prepend(new Marker(3, 1)).Append(new Marker(7, 1)).ToList();
        var failure = await FakeTarget(commands);
        var shrinker = new Shrinker(c => FakeTarget(c), budget: 5);

        await shrinker.ShrinkAsync(commands, failure);

        Assert.Equal(5, shrinker.Runs);
    }
}
