using System.Text.Json.Nodes;
using Tessera.Conformance.Reporting;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The published JSON report schema (conformance/docs/report.schema.json) against
/// real reports: here a passing run's, written by the CLI itself (the failing run's
/// is checked in <see cref="FailingReportTests"/>); and the schema is shown to reject
/// a report that breaks it, so a pass means something.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ReportSchemaTests
{
    [Fact]
    public async Task Schema_PassingRunJsonReportFromTheCli_Validates()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-schema-");
        try
        {
            var path = Path.Combine(dir.FullName, "r.json");

            // events/shutdown is in to get a skipped case (and its skipReason) when the target cannot be stopped.
            var (exit, output, error) = await CliTests.RunAsync("--run", "info/server-info,clock/*,session/lifecycle,events/shutdown", "--max-tests", "5", "--json", path);

            Assert.True(exit == 0, output + error);
            var json = await File.ReadAllTextAsync(path);
            Assert.Empty(ReportSchema.Errors(json));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("verdict", "green")]
    [InlineData("extra", "a field the schema does not know")]
    [InlineData("exitCode", null)]
    public void Schema_BrokenReport_IsRejected(string field, string? value)
    {
        var report = JsonNode.Parse(JsonReport.Render(SampleReport()))!.AsObject();
        var target = field == "verdict" ? report["cases"]![0]!.AsObject() : report;
        if (value is null)
        {
            target.Remove(field);
        }
        else
        {
            target[field] = value;
        }

        Assert.NotEmpty(ReportSchema.Errors(report.ToJsonString()));
    }

    [Fact]
    public void Schema_SampleReport_Validates()
    {
        Assert.Empty(ReportSchema.Errors(JsonReport.Render(SampleReport())));
    }

    private static ConformanceReport SampleReport() => new()
    {
        Target = "http://127.0.0.1:5000/",
        Seed = ulong.MaxValue,
        TestClock = true,
        Profile = new Target.TargetProfile(),
        StartedAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Duration = TimeSpan.FromSeconds(1),
        Results = [new CaseResult { Case = ConformanceSuite.ListCases().Single(c => c.Name == "info/server-info"), Verdict = CaseVerdict.Passed, Tests = 1 }],
    };
}
