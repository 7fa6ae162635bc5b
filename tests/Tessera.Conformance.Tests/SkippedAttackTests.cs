using System.Text.Json;
using System.Xml.Linq;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Tests;

/// <summary>
/// An attack of the token catalog that does not apply to the target (one on a
/// tick boundary on a real-clock run, key confusion against a shared secret)
/// sends nothing: every report shows it as skipped with its reason, never as
/// passed, and a case none of whose attacks applies is itself skipped.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SkippedAttackTests
{
    private static async Task<ConformanceReport> RealClockRunAsync()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: true, CancellationToken.None);
        return await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" },
            Run = ["tok/tok-3", "tok/tok-12", "tok/err-4"],
            Seed = 1,
        });
    }

    [Fact]
    public async Task RunAsync_RealClockAndSharedSecret_NonApplicableAttacksAreSkippedWithTheirReason()
    {
        var report = await RealClockRunAsync();

        Assert.False(report.TestClock);
        var tok12 = report.Results.Single(r => r.Case.Name == "tok/tok-12");
        Assert.Equal(CaseVerdict.Passed, tok12.Verdict);
        var boundary = Assert.Single(tok12.SkippedChecks, c => c.Name == "tok-12/expired-at-boundary");
        Assert.Contains("test clock", boundary.Reason, StringComparison.Ordinal);
        // The attacks that work on any clock ran, so they are not among the skipped.
        Assert.DoesNotContain(tok12.SkippedChecks, c => c.Name == "tok-12/expired-an-hour-ago");

        var tok3 = report.Results.Single(r => r.Case.Name == "tok/tok-3");
        var confusion = Assert.Single(tok3.SkippedChecks, c => c.Name == "tok-3/confusion-hs256-pem");
        Assert.Contains("public key", confusion.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(tok3.SkippedChecks, c => c.Name == "tok-3/secret-with-public-key-alg");

        // Every ERR-4 attack sits on a time boundary: on a real clock the case checked nothing.
        var err4 = report.Results.Single(r => r.Case.Name == "tok/err-4");
        Assert.Equal(CaseVerdict.Skipped, err4.Verdict);
        Assert.Contains("test clock", err4.SkipReason, StringComparison.Ordinal);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public async Task Reports_SkippedAttack_ShownAsSkippedInEveryFormat()
    {
        var report = await RealClockRunAsync();

        var json = JsonDocument.Parse(JsonReport.Render(report)).RootElement;
        var tok12 = json.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "tok/tok-12");
        Assert.Contains(tok12.GetProperty("skippedChecks").EnumerateArray(), c => c.GetProperty("name").GetString() == "tok-12/expired-at-boundary");
        var err4 = json.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "tok/err-4");
        Assert.Equal("skipped", err4.GetProperty("verdict").GetString());

        var junit = XDocument.Parse(JUnitReport.Render(report));
        var testcase = junit.Descendants("testcase").Single(t => (string?)t.Attribute("name") == "tok/tok-12 tok-12/expired-at-boundary");
        Assert.Contains("test clock", (string?)testcase.Element("skipped")?.Attribute("message") ?? "", StringComparison.Ordinal);

        var console = ConsoleReport.Render(report, color: false, verbose: false);
        Assert.Contains("tok-12/expired-at-boundary: ", console, StringComparison.Ordinal);
        Assert.Contains("SKIP  tok/err-4", console, StringComparison.Ordinal);

        var html = HtmlReport.Render(report);
        Assert.Contains("<li>tok-12/expired-at-boundary: ", html, StringComparison.Ordinal);
    }
}
