using Tessera.Conformance;
using Tessera.Conformance.Target;
using Xunit;

namespace XunitInProcess;

/// <summary>
/// A team's conformance test: the suite's library judges its own server from
/// its own test run. Only the cases the example server is written for run.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly string[] Cases = ["info/server-info", "clock/service"];

    [Fact]
    public async Task ExampleServerConformsOnTheSelectedCases()
    {
        await using var server = await ExampleServer.StartAsync(new ExampleServerOptions());

        var report = await ConformanceSuite.AssertConformsAsync(Options(server));

        // A run that judged nothing would also pass: each selected case must have run and passed.
        Assert.Equal(Cases.Order(), report.Results.Select(r => r.Case.Name).Order());
        Assert.All(report.Results, r => Assert.Equal(CaseVerdict.Passed, r.Verdict));
    }

    [Fact]
    public async Task ServerWithoutTesseraV1InProtocolVersionsFailsNamingInf2()
    {
        await using var server = await ExampleServer.StartAsync(new ExampleServerOptions { OmitProtocolVersion = true });

        var failure = await Assert.ThrowsAsync<ConformanceFailedException>(() => ConformanceSuite.AssertConformsAsync(Options(server)));

        Assert.Contains("INF-2", failure.Message);
        var serverInfo = Assert.Single(failure.Report.Results, r => r.Case.Name == "info/server-info");
        Assert.Equal(CaseVerdict.Failed, serverInfo.Verdict);
        Assert.Contains("INF-2", serverInfo.FailedIds);
    }

    private static ConformanceOptions Options(ExampleServer server) => new()
    {
        // The example validates no tokens, but the suite signs a preflight token and needs a key.
        Target = new TargetOptions { Address = server.Address, Hs256Secret = "example-secret-of-at-least-32-bytes!" },
        Run = Cases,
    };
}
