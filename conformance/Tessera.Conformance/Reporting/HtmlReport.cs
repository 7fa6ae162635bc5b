using System.Globalization;
using System.Net;
using System.Text;
using Tessera.Conformance.Model;
using Tessera.Conformance.Requirements;
using Tessera.Conformance.Transport;

namespace Tessera.Conformance.Reporting;

/// <summary>
/// One self-contained HTML page (no scripts, no external files): the failing
/// cases first, then a verdict per requirement id, then every other case; failures with their shrunk
/// counterexample (drawn as a sequence diagram, then expected vs actual per
/// step), wire trace and replay command.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
        h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;width:100%;margin:.5em 0}
        th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #eee;vertical-align:top}
        .v{font-weight:600;border-radius:3px;padding:0 .4em;white-space:nowrap}
        .passed{background:#dcfce7;color:#166534}.failed,.unexpected-pass{background:#fee2e2;color:#991b1b}
        .warning{background:#fef9c3;color:#854d0e}.skipped,.not-checked{background:#f1f5f9;color:#475569}
        .known-failure{background:#e0f2fe;color:#075985}.flaky{background:#f3e8ff;color:#6b21a8}
        code,pre{font:12px ui-monospace,monospace}pre{background:#f8fafc;padding:.5em;overflow-x:auto}
        .case{border:1px solid #e5e7eb;border-radius:6px;padding:.5em 1em;margin:1em 0}
        .bad{color:#991b1b}.muted{color:#64748b}
        .diagram{overflow-x:auto;margin:.5em 0;padding:.25em;border:1px solid #e5e7eb;border-radius:4px;background:#fff}
        """;

    /// <summary>The report as one self-contained HTML page.</summary>
    public static string Render(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Tessera conformance: ").Append(E(report.Target)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>Tessera conformance report</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Target <code>{E(report.Target)}</code>, {(report.TestClock ? "test clock" : "real clock")}, seed <code>{report.Seed}</code>, started {E(Format.Time(report.StartedAt))}, {ConsoleReport.Seconds(report.Duration)}. ");
        html.Append(CultureInfo.InvariantCulture, $"Result: <span class=\"v {(report.ExitCode == 0 ? "passed" : "failed")}\">{(report.ExitCode == 0 ? "every MUST held" : "a MUST broke")}</span> (exit code {report.ExitCode}).</p>");
        html.Append("<pre>").Append(E(ConsoleReport.Summary(report, color: false))).Append("</pre>");

        // Failing cases come first, diagrams and all: they are what a reader opens the report for.
        var failing = report.Results.Where(r => r.Failures.Count > 0).ToList();
        if (failing.Count > 0)
        {
            html.Append("<h2 id=\"failures\">Failures</h2>");
            foreach (var result in failing)
            {
                AppendCase(html, report, result);
            }
        }

        html.Append("<h2>Requirements</h2><table><tr><th>id</th><th>level</th><th>verdict</th><th>requirement</th><th>cases</th></tr>");
        foreach (var r in report.Requirements())
        {
            var verdict = r.Requirement.CheckedBySuite ? JsonReport.Verdict(r.Verdict) : "not-checked";
            html.Append(CultureInfo.InvariantCulture, $"<tr id=\"{r.Requirement.Id}\"><td><code>{r.Requirement.Id}</code></td><td>{(r.Requirement.Level == RequirementLevel.Must ? "MUST" : "SHOULD")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td><span class=\"v {verdict}\">{verdict}</span></td><td>{E(r.Requirement.Summary)}</td><td>");
            html.Append(string.Join(", ", r.Cases.Select(c => r.FailingCases.Contains(c) ? $"<a class=\"bad\" href=\"#{Anchor(c)}\">{E(c)}</a>" : $"<a href=\"#{Anchor(c)}\">{E(c)}</a>")));
            if (!r.Requirement.CheckedBySuite)
            {
                html.Append("<span class=\"muted\">").Append(E(r.Requirement.NotCheckedReason!)).Append("</span>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table><h2>Cases</h2>");
        foreach (var result in report.Results.Where(r => !TransportCases.IsTransport(r.Case.Name) && !failing.Contains(r)))
        {
            AppendCase(html, report, result);
        }

        var transport = report.Results.Where(r => TransportCases.IsTransport(r.Case.Name) && !failing.Contains(r)).ToList();
        if (transport.Count > 0)
        {
            html.Append("<h2 id=\"transport\">").Append(E(TransportCases.Section)).Append("</h2><p class=\"muted\">Gaps here are usually the gRPC stack's, worth reporting to its maintainers.</p>");
            foreach (var result in transport)
            {
                AppendCase(html, report, result);
            }
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendCase(StringBuilder html, ConformanceReport report, CaseResult result)
    {
        var verdict = JsonReport.Verdict(result.Verdict);
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"case\" id=\"{Anchor(result.Case.Name)}\"><h3><span class=\"v {verdict}\">{verdict}</span> {E(result.Case.Name)}</h3>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(result.Case.Summary)} <span class=\"muted\">({result.Case.Kind}; checks {string.Join(", ", result.Case.Requirements.Select(id => $"<a href=\"#{id}\">{id}</a>"))})</span></p>");
        if (result.SkippedChecks.Count > 0)
        {
            html.Append("<p class=\"muted\">Skipped checks (they do not apply to this target; not counted as passed):</p><ul class=\"muted\">");
            foreach (var check in result.SkippedChecks)
            {
                html.Append("<li>").Append(E(check.Name)).Append(": ").Append(E(check.Reason)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (result.SkipReason is { } skip)
        {
            html.Append("<p class=\"muted\">Skipped: ").Append(E(skip)).Append("</p></div>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{result.Tests} test(s), {result.Discarded} discarded, {ConsoleReport.Seconds(result.Duration)}</p>");
        if (result.Verdict == CaseVerdict.UnexpectedPass)
        {
            html.Append("<p class=\"bad\">Listed as known-failing, but it passed: the list is stale.</p>");
        }

        if (result.Verdict == CaseVerdict.Flaky)
        {
            html.Append("<p class=\"muted\">Flaky: on the known-flaky list, so this real-clock failure does not fail the run.</p>");
        }

        foreach (var failure in result.Failures)
        {
            html.Append("<p class=\"bad\"><b>").Append(E(string.Join(", ", failure.Finding.Ids))).Append("</b>: ").Append(E(failure.Finding.Message)).Append("</p>");
            html.Append(CultureInfo.InvariantCulture, $"<p>Minimal counterexample: {failure.Counterexample.Count} step(s), shrunk from {failure.OriginalLength} in {failure.ShrinkRuns} run(s).</p>");
            html.Append("<div class=\"diagram\">").Append(SequenceDiagram.Render(failure.Counterexample)).Append("</div>");
            html.Append("<table><tr><th>#</th><th>command</th><th>expected</th><th>actual</th></tr>");
            foreach (var step in failure.Counterexample)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{step.Index}</td><td>{(step.Node is { } node ? "<small>" + E(node) + "</small><br>" : "")}<code>{E(step.Command)}</code></td><td>{Lines(step.Expected)}</td><td>{Lines(step.Actual)}");
                foreach (var f in step.Findings)
                {
                    html.Append("<div class=\"bad\">&#10007; ").Append(E(f.ToString())).Append("</div>");
                }

                html.Append("</td></tr>");
                if (step.Wire.Count > 0)
                {
                    html.Append("<tr><td></td><td colspan=\"3\"><details><summary>wire exchange</summary><pre>").Append(E(string.Join('\n', step.Wire))).Append("</pre></details></td></tr>");
                }
            }

            html.Append("</table>");
            if (failure.Note is { } note)
            {
                html.Append("<p class=\"muted\">").Append(E(note)).Append("</p>");
            }

            html.Append("<p>Replay: <code>").Append(E(report.ReplayCommand(result, failure))).Append("</code></p>");
        }

        foreach (var w in result.Warnings)
        {
            html.Append("<p class=\"warning\">SHOULD: <b>").Append(E(string.Join(", ", w.Ids))).Append("</b>: ").Append(E(w.Message)).Append("</p>");
        }

        html.Append("</div>");
    }

    private static string Lines(IEnumerable<string> lines) => string.Join("<br>", lines.Select(l => "<code>" + E(l) + "</code>"));

    private static string Anchor(string name) => "case-" + name.Replace('/', '-');

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
