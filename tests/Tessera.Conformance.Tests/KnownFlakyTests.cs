using Tessera.Testing;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tests.Mutants;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The known-flaky list: a listed case may fail on the real clock only, and is
/// then reported as flaky in every report; on the test clock it still fails.
/// A real failure is needed, so these run a mutant whose case is quick.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class KnownFlakyTests
{
    private const string Mutant = "missing-protocol-version";
    private const string Case = "info/server-info";

    [Fact]
    public async Task RealClockFailure_OfAListedCase_IsFlakyInEveryReportAndPasses()
    {
        var report = await RunAsync(realClock: true);

        var result = report.Results.Single(r => r.Case.Name == Case);
        Assert.Equal(CaseVerdict.Flaky, result.Verdict);
        Assert.NotEmpty(result.Failures);
        Assert.Equal(0, report.ExitCode);
        Assert.Contains("FLAKY", ConsoleReport.Render(report, color: false, verbose: true), StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"flaky\"", JsonReport.Render(report), StringComparison.Ordinal);
        Assert.Contains("<flakyFailure", JUnitReport.Render(report), StringComparison.Ordinal);
        Assert.Contains("class=\"v flaky\"", HtmlReport.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestClockFailure_OfAListedCase_StillFails()
    {
        var report = await RunAsync(realClock: false);

        Assert.Equal(CaseVerdict.Failed, report.Results.Single(r => r.Case.Name == Case).Verdict);
        Assert.Equal(1, report.ExitCode);
    }

    private static async Task<ConformanceReport> RunAsync(bool realClock)
    {
        var mutant = MutantCatalog.All.Single(m => m.Name == Mutant);
        using var keys = new RsaKeyFiles();
        await using var target = await EmbeddedTarget.StartAsync(realClock, CancellationToken.None, services => mutant.Inject!(services, keys));
        return await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" },
            Run = [Case],
            KnownFlaky = ["info/*"],
        });
    }
}
