using System.Text.Json;
using System.Xml.Linq;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Target;
using Tessera.Protocol;

namespace Tessera.Conformance.Tests;

public sealed class ReportTests
{
    private static ConformanceReport Report()
    {
        var cases = ConformanceSuite.ListCases();
        var step = new StepRecord { Index = 2, Command = "get s0 (EXPIRED) <script>" };
        step.Expected.Add("TOKEN_EXPIRED");
        step.Actual.Add("OK");
        step.Findings.Add(new Finding([Req.EXP_1, Req.EXP_2], "expected TOKEN_EXPIRED, got OK"));
        step.Wire = [">> /tessera.v1.SessionService/GetSession HEADERS {}"];
        var first = new StepRecord { Index = 1, Command = "start i0 token(alice)" };
        first.Expected.Add("OK");
        first.Actual.Add("OK -> s0");
        return new ConformanceReport
        {
            Target = "http://127.0.0.1:5000/",
            Seed = 7,
            TestClock = true,
            Profile = new TargetProfile(),
            StartedAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.FromSeconds(3),
            CommandLine = "tessera-conformance run --target http://127.0.0.1:5000",
            Results =
            [
                new CaseResult { Case = cases.Single(c => c.Name == "info/server-info"), Verdict = CaseVerdict.Passed, Tests = 1 },
                new CaseResult
                {
                    Case = cases.Single(c => c.Name == "expiry/timers"),
                    Verdict = CaseVerdict.Failed,
                    Failures = [new CaseFailure { Finding = step.Findings[0], Counterexample = [first, step], OriginalLength = 9, ShrinkRuns = 12, Replay = "expiry/timers:123:9" }],
                    Tests = 4,
                },
                new CaseResult { Case = cases.Single(c => c.Name == "events/shutdown"), Verdict = CaseVerdict.Skipped, SkipReason = "needs to stop the target" },
                new CaseResult
                {
                    Case = cases.Single(c => c.Name == "expiry/timer-lateness"),
                    Verdict = CaseVerdict.Warning,
                    Warnings = [new Finding([Req.EXP_6], "fired 1.4s late")],
                },
            ],
        };
    }

    /// <summary>The same report as from a cluster: two nodes, each step on one.</summary>
    private static ConformanceReport ClusterReport()
    {
        var report = Report();
        var steps = report.Results.Single(r => r.Case.Name == "expiry/timers").Failures[0].Counterexample;
        steps[0].Node = "node 1 (http://127.0.0.1:5000/)";
        steps[1].Node = "node 2 (http://127.0.0.1:5001/)";
        return new ConformanceReport
        {
            Target = "http://127.0.0.1:5000/, http://127.0.0.1:5001/",
            Nodes = ["http://127.0.0.1:5000/", "http://127.0.0.1:5001/"],
            Seed = report.Seed,
            TestClock = report.TestClock,
            Profile = report.Profile,
            StartedAt = report.StartedAt,
            Results = report.Results,
        };
    }

    [Fact]
    public void EveryFormat_ClusterFailure_NamesEachStepsNode()
    {
        var report = ClusterReport();

        var text = ConsoleReport.Render(report, color: false, verbose: true);
        var junit = JUnitReport.Render(report);
        var html = HtmlReport.Render(report);
        using var json = JsonDocument.Parse(JsonReport.Render(report));

        Assert.Contains("1. [node 1 (http://127.0.0.1:5000/)] start i0", text, StringComparison.Ordinal);
        Assert.Contains("2. [node 2 (http://127.0.0.1:5001/)] get s0", text, StringComparison.Ordinal);
        Assert.Contains("2. [node 2 (http://127.0.0.1:5001/)] get s0", junit, StringComparison.Ordinal);
        Assert.Contains("node 2 (http://127.0.0.1:5001/)", html, StringComparison.Ordinal);
        Assert.Equal(2, json.RootElement.GetProperty("nodes").GetArrayLength());
        Assert.Contains("\"node\": \"node 2 (http://127.0.0.1:5001/)\"", JsonReport.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFormat_SingleTarget_NamesNoNode()
    {
        var report = Report();

        Assert.DoesNotContain("[node ", ConsoleReport.Render(report, color: false, verbose: true), StringComparison.Ordinal);
        Assert.DoesNotContain("\"node", JsonReport.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void ExitCode_FailedMust_IsOne()
    {
        Assert.Equal(1, Report().ExitCode);
    }

    [Fact]
    public void Requirements_FailureNamesAnId_ThatIdFailsAndAWarnedShouldWarns()
    {
        var verdicts = Report().Requirements().ToDictionary(r => r.Requirement.Id);

        Assert.Equal(CaseVerdict.Failed, verdicts[Req.EXP_1].Verdict);
        Assert.Equal(["expiry/timers"], verdicts[Req.EXP_1].FailingCases);
        Assert.Equal(CaseVerdict.Warning, verdicts[Req.EXP_6].Verdict);
        Assert.Equal(CaseVerdict.Passed, verdicts[Req.INF_2].Verdict);
        Assert.Equal(CaseVerdict.Skipped, verdicts[Req.EVT_7].Verdict);
    }

    [Fact]
    public void Summary_IdsOutsideTheCaseListAndInOtherFindingsOfTheStep_AreAllBroken()
    {
        // clock/read lists CLK-2 and INF-3 only; its read-back named UPD-3, and the
        // failing step also showed an ERR-3 finding: all three are in the details.
        var step = new StepRecord { Index = 1, Command = "update s0" };
        step.Findings.Add(new Finding([Req.UPD_3], "on read-back, expected SESSION_TERMINATED, got OK"));
        step.Findings.Add(new Finding([Req.ERR_3], "ROLES_MISMATCH must carry action=START_NEW_SESSION"));
        var report = new ConformanceReport
        {
            Target = "t",
            Seed = 1,
            TestClock = true,
            Profile = new TargetProfile(),
            StartedAt = DateTimeOffset.UnixEpoch,
            Results =
            [
                new CaseResult
                {
                    Case = ConformanceSuite.ListCases().Single(c => c.Name == "clock/read"),
                    Verdict = CaseVerdict.Failed,
                    Failures = [new CaseFailure { Finding = step.Findings[0], Counterexample = [step] }],
                },
            ],
        };

        Assert.Contains("Broken MUSTs: UPD-3, ERR-3", ConsoleReport.Summary(report, color: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Console_Failure_ShowsIdsStepsAndReplayCommand()
    {
        var text = ConsoleReport.Render(Report(), color: false, verbose: true);

        Assert.Contains("FAIL expiry/timers", text, StringComparison.Ordinal);
        Assert.Contains("EXP-1 (MUST)", text, StringComparison.Ordinal);
        Assert.Contains("shrunk from 9", text, StringComparison.Ordinal);
        Assert.Contains("expected TOKEN_EXPIRED", text, StringComparison.Ordinal);
        Assert.Contains("tessera-conformance run --target http://127.0.0.1:5000 --replay expiry/timers:123:9", text, StringComparison.Ordinal);
        Assert.Contains("| >> /tessera.v1.SessionService/GetSession", text, StringComparison.Ordinal);
        Assert.Contains("Broken MUSTs: EXP-1, EXP-2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
    }

    [Fact]
    public void JUnit_Report_IsXmlWithOneTestcasePerCaseAndTheIdAsFailureType()
    {
        var xml = XDocument.Parse(JUnitReport.Render(Report()));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(4, cases.Count);
        var failure = Assert.Single(xml.Descendants("failure"));
        Assert.Equal(Req.EXP_1, failure.Attribute("type")!.Value);
        Assert.Equal("tessera.expiry", failure.Parent!.Attribute("classname")!.Value);
        Assert.Single(xml.Descendants("skipped"));
        Assert.Equal("1", xml.Descendants("testsuite").Single().Attribute("failures")!.Value);
    }

    [Fact]
    public void Json_Report_ParsesAndCarriesTheCounterexample()
    {
        using var json = JsonDocument.Parse(JsonReport.Render(Report()));
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("exitCode").GetInt32());
        var failed = root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("verdict").GetString() == "failed");
        var failure = failed.GetProperty("failures")[0];
        Assert.Equal(Req.EXP_1, failure.GetProperty("ids")[0].GetString());
        Assert.Equal(2, failure.GetProperty("counterexample").GetArrayLength());
        Assert.Equal("expiry/timers:123:9", failure.GetProperty("replay").GetString());
        var cli = root.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == Req.CLI_1);
        Assert.Equal("not-checked", cli.GetProperty("verdict").GetString());
        var trn = root.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("id").GetString() == Req.TRN_1);
        Assert.Equal("transport", trn.GetProperty("section").GetString());
    }

    [Fact]
    public void Html_Report_IsOnePageWithAnchorsPerIdAndEscapedText()
    {
        var html = HtmlReport.Render(Report());

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"EXP-1\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#case-expiry-timers\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.Contains("--replay expiry/timers:123:9", html, StringComparison.Ordinal);
    }
}
