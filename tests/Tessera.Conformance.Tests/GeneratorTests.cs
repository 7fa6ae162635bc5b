using Tessera.Conformance.Cases;
using Tessera.Conformance.Commands;
using Tessera.Conformance.Generation;

namespace Tessera.Conformance.Tests;

public sealed class GeneratorTests
{
    private static CommandMix Mix(string name) => ((PropertyCase)CaseCatalog.Find(name)!).Mix;

    [Fact]
    public void Generate_SameSeedAndSize_GivesTheSameSequence()
    {
        var first = CommandGenerators.Generate(Mix("model/everything"), 42, 20, 20);
        var second = CommandGenerators.Generate(Mix("model/everything"), 42, 20, 20);

        Assert.Equal(first.Select(c => c.ToString()), second.Select(c => c.ToString()));
    }

    [Fact]
    public void Generate_ManySeeds_StartFirstAndStayWithinTheLength()
    {
        for (ulong seed = 0; seed < 200; seed++)
        {
            var commands = CommandGenerators.Generate(Mix("model/everything"), seed, 12, 20);

            Assert.IsType<StartCommand>(commands[0]);
            Assert.InRange(commands.Length, 2, 12);
        }
    }

    [Fact]
    public void Generate_EveryPropertyCase_ProducesTheCommandsItsMixAsksFor()
    {
        foreach (var c in CaseCatalog.All.OfType<PropertyCase>())
        {
            var kinds = Enumerable.Range(0, 100)
                .SelectMany(seed => CommandGenerators.Generate(c.Mix, (ulong)seed, 20, 20))
                .Select(command => command.GetType())
                .ToHashSet();

            Assert.Equal(c.Mix.Race > 0, kinds.Contains(typeof(RaceCommand)));
            Assert.Equal(c.Mix.Watch > 0, kinds.Contains(typeof(WatchCommand)));
            Assert.Equal(c.Mix.Update > 0, kinds.Contains(typeof(UpdateCommand)));
        }
    }

    [Fact]
    public void Generate_TokensRandom_MostlyBrokenTokens()
    {
        var starts = Enumerable.Range(0, 200)
            .SelectMany(seed => CommandGenerators.Generate(Mix("tokens/random"), (ulong)seed, 20, 20))
            .OfType<StartCommand>()
            .ToList();

        var broken = starts.Count(s => s.Flavor != Tokens.TokenFlavor.Valid);
        Assert.InRange(broken * 100 / starts.Count, 50, 90);
    }
}
