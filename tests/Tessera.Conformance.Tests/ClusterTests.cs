using Tessera.Conformance.Reporting;
using Tessera.Conformance.Requirements;
using Tessera.Conformance.Tests.Cluster;
using Tessera.Conformance.Tests.Mutants;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The suite's cluster mode against an in-process cluster of three reference
/// server nodes on one shared store and one test clock: the correct cluster
/// passes everything, node takeover included, and each broken cluster of
/// <see cref="ClusterMutantCatalog"/> fails the cases expected to catch it,
/// naming the broken requirement and each step's node.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int Nodes = 3;

    /// <summary>The most steps a shrunk counterexample may keep ("a handful", as for the single-node mutants).</summary>
    private const int Handful = 8;

    private const ulong Seed = 20251205;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var mutant in ClusterMutantCatalog.All)
        {
            data.Add(mutant.Name);
        }

        return data;
    }

    [Fact]
    public async Task Suite_AgainstThreeNodeCluster_PassesEveryCaseIncludingTakeover()
    {
        await using var cluster = await InProcessCluster.StartAsync(Nodes);

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = cluster.Target, Seed = Seed, Clock = ClockMode.Test });

        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));
        Assert.Equal(Nodes, report.Nodes.Count);
        Assert.Equal(CaseVerdict.Passed, report.Results.Single(r => r.Case.Name == "cluster/takeover").Verdict);
        Assert.Equal(0, report.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Suite_AgainstClusterMutant_FailsNamingTheBrokenRequirementAndEachStepsNode(string name)
    {
        var mutant = ClusterMutantCatalog.All.Single(m => m.Name == name);
        await using var cluster = await InProcessCluster.StartAsync(Nodes, mutant.Faults);

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = cluster.Target, Run = mutant.Cases, Seed = Seed, MaxTests = mutant.MaxTests, Clock = ClockMode.Test });

        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));
        var names = new[] { mutant.Breaks }.Concat(mutant.AlsoNames).ToList();
        Assert.Equal(RequirementLevel.Must, RequirementCatalog.Find(mutant.Breaks).Level);
        var missed = new List<string>();
        foreach (var caseName in mutant.Cases)
        {
            var result = report.Results.Single(r => r.Case.Name == caseName);
            var failure = result.Failures.FirstOrDefault(f => f.Finding.Ids.Intersect(names).Any());
            output.WriteLine($"| {mutant.Name} | {mutant.Breaks} | {caseName} | {result.Verdict} | {string.Join(", ", failure?.Finding.Ids ?? [])} | {(failure is null ? "-" : failure.Counterexample.Count)} |");
            if (failure is not { Counterexample.Count: >= 1 and <= Handful })
            {
                missed.Add($"{caseName}: {result.Verdict}{(result.SkipReason is { } skip ? " (" + skip + ")" : "")}, {(failure is null ? "nothing names " + string.Join("/", names) : failure.Counterexample.Count + " steps")}");
            }
            else
            {
                Assert.All(failure.Counterexample, step => Assert.StartsWith("node ", step.Node));
            }
        }

        Assert.True(missed.Count == 0, $"{mutant.Name} not caught by: " + string.Join("; ", missed));
        Assert.Equal(1, report.ExitCode);
    }
}
