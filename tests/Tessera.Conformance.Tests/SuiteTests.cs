using Tessera.Testing;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tests.Mutants;

namespace Tessera.Conformance.Tests;

/// <summary>The runner's contract, against a server known to break a MUST: known-failing lists, replay, tracing, the assert API.</summary>
[Collection(ServerCollection.Name)]
public sealed class SuiteTests
{
    private const string Case = "session/lifecycle";

    private static async Task<EmbeddedTarget> BrokenServerAsync()
    {
        var mutant = MutantCatalog.All.Single(m => m.Name == "end-not-idempotent");
        using var keys = new RsaKeyFiles();
        return await EmbeddedTarget.StartAsync(false, CancellationToken.None, services => mutant.Inject!(services, keys));
    }

    private static TargetOptions Target(EmbeddedTarget target) => new() { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" };

    [Fact]
    public async Task RunAsync_KnownFailingCaseFails_VerdictIsKnownFailureAndRunPasses()
    {
        await using var target = await BrokenServerAsync();

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = Target(target), Run = [Case, "info/server-info"], KnownFailing = [Case], Seed = 1 });

        Assert.Equal(CaseVerdict.KnownFailure, report.Results.Single(r => r.Case.Name == Case).Verdict);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public async Task RunAsync_KnownFailingCasePasses_VerdictIsUnexpectedPassAndRunFails()
    {
        await using var target = await BrokenServerAsync();

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = Target(target), Run = ["info/server-info"], KnownFailing = ["info/*"] });

        Assert.Equal(CaseVerdict.UnexpectedPass, Assert.Single(report.Results).Verdict);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public async Task RunAsync_ReplayOfAFailure_FailsAgainNamingTheSameRequirement()
    {
        await using var target = await BrokenServerAsync();
        var first = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = Target(target), Run = [Case], Seed = 5 });
        var failure = first.Results.Single().Failures[0];

        var replayed = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = Target(target), Replay = failure.Replay });

        var result = Assert.Single(replayed.Results);
        Assert.Equal(CaseVerdict.Failed, result.Verdict);
        Assert.Equal(failure.Finding.Ids[0], result.Failures[0].Finding.Ids[0]);
        Assert.InRange(result.Counterexample.Count, 1, failure.OriginalLength);
    }

    [Fact]
    public async Task RunAsync_WithTrace_FailingStepShowsTheWireExchange()
    {
        await using var target = await BrokenServerAsync();

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = Target(target), Run = [Case], Seed = 5, Trace = true });

        var step = report.Results.Single().Failures[0].Counterexample[^1];
        Assert.Contains(step.Wire, line => line.StartsWith(">> /tessera.v1.SessionService/", StringComparison.Ordinal));
        Assert.Contains(step.Wire, line => line.StartsWith("== ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AssertConformsAsync_BrokenServer_ThrowsWithTheFailureReport()
    {
        await using var target = await BrokenServerAsync();

        var thrown = await Assert.ThrowsAsync<ConformanceFailedException>(() =>
            ConformanceSuite.AssertConformsAsync(new ConformanceOptions { Target = Target(target), Run = [Case], Seed = 5 }));

        Assert.Equal(1, thrown.Report.ExitCode);
        Assert.Contains("FAIL session/lifecycle", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("Replay: ", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ClockTestOnAServerWithoutTestClock_IsUnusableTarget()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: true, CancellationToken.None);

        await Assert.ThrowsAsync<Execution.TargetUnusableException>(() =>
            ConformanceSuite.RunAsync(new ConformanceOptions { Target = Target(target), Clock = ClockMode.Test }));
    }
}
