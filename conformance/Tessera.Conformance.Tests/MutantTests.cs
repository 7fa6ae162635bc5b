using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Requirements;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tests.Mutants;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The mutant table: every deliberately broken reference server must fail the
/// suite, the failure must name the requirement the fault breaks, and the
/// counterexample must be shrunk to a handful of steps.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MutantTests(ITestOutputHelper output)
{
    /// <summary>The most steps a shrunk counterexample may keep ("a handful").</summary>
    private const int Handful = 8;

    /// <summary>A fixed seed: the table is deterministic on a correct test clock.</summary>
    private const ulong Seed = 20251122;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var mutant in MutantCatalog.All)
        {
            data.Add(mutant.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Suite_AgainstMutant_FailsNamingTheBrokenRequirementWithAShortCounterexample(string name)
    {
        var mutant = MutantCatalog.All.Single(m => m.Name == name);
        using var keys = new MutantKeys();
        await using var target = await EmbeddedTarget.StartAsync(
            realClock: false,
            CancellationToken.None,
            mutant.Inject is { } inject ? services => inject(services, keys) : null,
            mutant.Tokens is { } tokens ? options => tokens(options, keys) : null);
        var options = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" };
        if (mutant.Target is { } retarget)
        {
            options = retarget(options, keys);
        }

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = options,
            Run = mutant.Cases,
            Seed = Seed,
            MaxTests = 100,
        });

        var names = new[] { mutant.Breaks }.Concat(mutant.AlsoNames).ToList();
        var catching = report.Results
            .Where(r => r.Verdict == CaseVerdict.Failed)
            .SelectMany(r => r.Failures.Select(f => (Case: r.Case.Name, Failure: f)))
            .FirstOrDefault(x => x.Failure.Finding.Ids.Intersect(names).Any());
        output.WriteLine($"| {mutant.Name} | {mutant.Breaks} | {catching.Case ?? "NOT CAUGHT"} | {string.Join(", ", catching.Failure?.Finding.Ids ?? [])} | {catching.Failure?.Counterexample.Count} |");
        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));

        Assert.Equal(1, report.ExitCode);
        Assert.NotNull(catching.Failure);
        Assert.InRange(catching.Failure.Counterexample.Count, 1, Handful);
    }

    [Fact]
    public void MutantCatalog_Always_HasFifteenMutantsAndOnePerRequirementFamily()
    {
        var families = RequirementCatalog.All.Where(r => r.CheckedBySuite).Select(r => r.Family).Distinct().ToList();
        var covered = MutantCatalog.All.Select(m => RequirementCatalog.Find(m.Breaks).Family).Distinct().ToList();

        Assert.True(MutantCatalog.All.Count >= 15, $"only {MutantCatalog.All.Count} mutants");
        Assert.Equal(MutantCatalog.All.Count, MutantCatalog.All.Select(m => m.Name).Distinct().Count());
        Assert.Empty(families.Except(covered));
    }
}
