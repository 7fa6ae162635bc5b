using Tessera.Testing;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Requirements;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tests.Mutants;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The mutant table (conformance/docs/mutants.md): every deliberately broken
/// reference server must fail each case expected to catch it, the failure
/// must name the requirement the fault breaks, and the counterexample must be
/// shrunk to a handful of steps (a broken SHOULD must draw a warning instead).
/// And every case of the suite must be the expected catcher of some mutant.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MutantTests(ITestOutputHelper output)
{
    /// <summary>The most steps a shrunk counterexample may keep ("a handful").</summary>
    private const int Handful = 8;

    /// <summary>A fixed seed: the table is deterministic on a correct test clock.</summary>
    private const ulong Seed = 20251122;

    /// <summary>
    /// Cases no mutant is expected to catch, each with the reason. Empty: every
    /// case of the catalog, the real-clock, shutdown and transport ones included,
    /// has a broken server that it must catch: a mutant of the reference server in
    /// <see cref="MutantCatalog"/>, or for the transport probes a fault of the fake
    /// gRPC stack in <see cref="Transport.TransportProbeTests.Faults"/>. A case added
    /// to the suite must get one, or an entry here with a reason a reviewer accepts.
    /// </summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var mutant in MutantCatalog.All)
        {
            data.Add(mutant.Name);
        }

        return data;
    }

    /// <summary>
    /// Each listed case must catch the mutant: a failure naming the broken id
    /// with a counterexample of at most <see cref="Handful"/> steps. A mutant
    /// that breaks only a SHOULD must instead draw a warning naming it, and no
    /// MUST failure: the suite must not blame a MUST for a SHOULD.
    /// </summary>
    [Theory]
    [MemberData(nameof(Names))]
    public async Task Suite_AgainstMutant_FailsNamingTheBrokenRequirementWithAShortCounterexample(string name)
    {
        var mutant = MutantCatalog.All.Single(m => m.Name == name);
        var misses = new List<string>();
        var seeds = SeedsFromEnvironment();
        for (var i = 0; i < seeds; i++)
        {
            var seed = SeedNumber(i);
            var problems = await RunOnceAsync(mutant, seed, verbose: seeds == 1);
            if (problems.Count > 0)
            {
                misses.Add($"seed {seed}: " + string.Join("; ", problems));
            }

            if (Environment.GetEnvironmentVariable(CatchRateOutVariable) is { Length: > 0 } path)
            {
                // One line per mutant and seed for bench/catch-rate.sh, written as it goes so an interrupted run still counts.
                var line = $"{mutant.Name}\t{mutant.Breaks}\t{seed}\t{(problems.Count == 0 ? 1 : 0)}\t{string.Join("; ", problems).Replace('\t', ' ').Replace('\n', ' ')}\n";
                lock (CatchRateLock)
                {
                    File.AppendAllText(path, line);
                }
            }
        }

        Assert.True(misses.Count == 0, $"{mutant.Name} escaped {misses.Count} of {seeds} seed(s): " + string.Join(" || ", misses));
    }

    /// <summary>
    /// Seeds per mutant: 1 (the fixed <see cref="Seed"/>) unless
    /// <c>TESSERA_MUTANT_SEEDS</c> says more; bench/catch-rate.sh sets 20 to
    /// measure how often each mutant escapes, which CI cannot afford.
    /// </summary>
    private static int SeedsFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("TESSERA_MUTANT_SEEDS"), out var n) && n > 0 ? n : 1;

    /// <summary>Where the catch-rate script collects each mutant's row (unset in CI).</summary>
    private const string CatchRateOutVariable = "TESSERA_CATCH_RATE_OUT";

    private static readonly Lock CatchRateLock = new();

    /// <summary>Seed <paramref name="index"/> of a catch-rate run: the CI seed first, then spread out.</summary>
    internal static ulong SeedNumber(int index) => Seed + (ulong)index * 7919UL;

    /// <summary>
    /// One suite run against a fresh instance of the mutant: every listed case
    /// must catch it (a failure naming the broken id with a counterexample of at
    /// most <see cref="Handful"/> steps; for a broken SHOULD a warning and no MUST
    /// failure), and "Broken MUSTs" must name it and nothing outside its declared
    /// set. Returns what went wrong; empty when caught.
    /// </summary>
    private async Task<List<string>> RunOnceAsync(Mutant mutant, ulong seed, bool verbose)
    {
        using var keys = new RsaKeyFiles();
        await using var target = await EmbeddedTarget.StartAsync(
            realClock: mutant.RealClock,
            CancellationToken.None,
            mutant.Inject is { } inject ? services => inject(services, keys) : null,
            mutant.Tokens is { } tokens ? options => tokens(options, keys) : null);
        var options = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev", Shutdown = target.StopAsync };
        if (mutant.Target is { } retarget)
        {
            options = retarget(options, keys);
        }

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = options,
            Run = mutant.Cases,
            Seed = seed,
            MaxTests = mutant.MaxTests,
        });

        var names = new[] { mutant.Breaks }.Concat(mutant.AlsoNames).ToList();
        var should = RequirementCatalog.Find(mutant.Breaks).Level == RequirementLevel.Should;
        var problems = new List<string>();
        foreach (var caseName in mutant.Cases)
        {
            var result = report.Results.Single(r => r.Case.Name == caseName);
            var failure = result.Failures.FirstOrDefault(f => f.Finding.Ids.Intersect(names).Any());
            var warning = result.Warnings.FirstOrDefault(w => w.Ids.Intersect(names).Any());
            var ids = failure?.Finding.Ids ?? warning?.Ids ?? [];
            output.WriteLine($"| {mutant.Name} | {mutant.Breaks} | {caseName} | {result.Verdict} | {string.Join(", ", ids)} | {(failure is null ? "-" : failure.Counterexample.Count)} |");
            var caught = should
                ? result.Verdict == CaseVerdict.Warning && warning is not null
                : failure is { Counterexample.Count: >= 1 and <= Handful };
            if (!caught)
            {
                problems.Add($"not caught by {caseName}: {result.Verdict}{(result.SkipReason is { } skip ? " (" + skip + ")" : "")}, "
                    + (failure is not null ? $"{failure.Counterexample.Count} steps" : warning is not null ? "a warning naming it" : $"nothing names {string.Join("/", names)}"));
            }
        }

        if (report.ExitCode != (should ? 0 : 1))
        {
            problems.Add($"exit code {report.ExitCode}");
        }

        // The right id: "Broken MUSTs" names the fault and nothing a reader could
        // not trace back to it, so a wrong attribution fails here, not in a user's report.
        var broken = BrokenMusts(report);
        var allowed = names.Concat(mutant.Consequences).ToHashSet(StringComparer.Ordinal);
        if (!should && !broken.Intersect(names).Any())
        {
            // Breaks itself, or an id of AlsoNames where the suite names the symptom (rearmed-timers-wait-for-next-advance: EXP-1).
            problems.Add($"Broken MUSTs [{string.Join(", ", broken)}] leaves out {string.Join("/", names)}");
        }

        var stray = broken.Where(id => !allowed.Contains(id)).ToList();
        if (stray.Count > 0)
        {
            problems.Add($"Broken MUSTs names {string.Join(", ", stray)}, outside its declared set [{string.Join(", ", allowed)}]");
        }

        if (verbose || problems.Count > 0)
        {
            output.WriteLine(ConsoleReport.Render(report, color: false, verbose: verbose));
        }

        return problems;
    }

    /// <summary>The report's "Broken MUSTs" line, as ids: the MUSTs whose verdict is Failed.</summary>
    internal static List<string> BrokenMusts(ConformanceReport report) =>
        [.. report.Requirements().Where(r => r.Requirement.CheckedBySuite && r.Verdict == CaseVerdict.Failed).Select(r => r.Requirement.Id)];

    [Fact]
    public void MutantCatalog_Always_HasFifteenMutantsAndOnePerRequirementFamily()
    {
        // TRN is the gRPC stack's, not the Tessera code's: its faults are FakeGrpcStack's (Transport/TransportProbeTests).
        var families = RequirementCatalog.All.Where(r => r.CheckedBySuite && r.Family != "TRN").Select(r => r.Family).Distinct().ToList();
        var covered = MutantCatalog.All.Select(m => RequirementCatalog.Find(m.Breaks).Family).Distinct().ToList();

        Assert.True(MutantCatalog.All.Count >= 15, $"only {MutantCatalog.All.Count} mutants");
        Assert.Equal(MutantCatalog.All.Count, MutantCatalog.All.Select(m => m.Name).Distinct().Count());
        Assert.Empty(families.Except(covered));
    }

    [Fact]
    public void MutantCatalog_ExpectedCatchers_AreExactCaseNames()
    {
        var cases = ConformanceSuite.ListCases().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        // An exact name, not a glob: "caught by" must say which case, and a
        // glob that stops matching would silently drop a catcher.
        Assert.All(MutantCatalog.All, m => Assert.All(m.Cases, c => Assert.True(cases.Contains(c), $"{m.Name} lists {c}, which is not a case")));
        Assert.All(MutantCatalog.All, m => Assert.NotEmpty(m.Cases));
    }

    [Fact]
    public void EveryCase_IsCaughtByAtLeastOneMutant()
    {
        // The case list comes from the suite's own catalog, so a new case
        // fails here until a mutant shows it can catch something.
        var cases = ConformanceSuite.ListCases().Select(c => c.Name).ToList();
        var expected = MutantCatalog.All.SelectMany(m => m.Cases)
            .Concat(Transport.TransportProbeTests.Faults().Select(row => (string)row[1]))
            .Concat(ClusterMutantCatalog.All.SelectMany(m => m.Cases))
            .ToHashSet(StringComparer.Ordinal);

        var uncaught = cases.Where(c => !expected.Contains(c) && !Exempt.ContainsKey(c)).ToList();

        Assert.True(uncaught.Count == 0, "no mutant or stack fault is expected to be caught by: " + string.Join(", ", uncaught));
        // The exemptions cannot go stale: each names a real case that no mutant covers.
        Assert.All(Exempt.Keys, c => Assert.Contains(c, cases));
        Assert.All(Exempt.Keys, c => Assert.DoesNotContain(c, expected));
    }
}
