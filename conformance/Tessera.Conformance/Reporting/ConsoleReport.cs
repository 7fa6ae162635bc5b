using System.Globalization;
using System.Text;
using Tessera.Conformance.Model;
using Tessera.Conformance.Requirements;
using Tessera.Conformance.Transport;

namespace Tessera.Conformance.Reporting;

/// <summary>The console summary: one line per case, then every failure with its shrunk counterexample and replay command.</summary>
public static class ConsoleReport
{
    /// <summary>The one-line form of a case result, as progress prints it.</summary>
    public static string Line(CaseResult result, bool color)
    {
        var (label, paint) = result.Verdict switch
        {
            CaseVerdict.Passed => ("PASS", "\u001b[32m"),
            CaseVerdict.Failed => ("FAIL", "\u001b[31m"),
            CaseVerdict.Warning => ("WARN", "\u001b[33m"),
            CaseVerdict.Skipped => ("SKIP", "\u001b[90m"),
            CaseVerdict.KnownFailure => ("KNOWN", "\u001b[36m"),
            CaseVerdict.Flaky => ("FLAKY", "\u001b[35m"),
            _ => ("STALE", "\u001b[31m"),
        };
        var tag = color ? paint + label.PadRight(5) + "\u001b[0m" : label.PadRight(5);
        var detail = result.Verdict switch
        {
            CaseVerdict.Skipped => result.SkipReason ?? "",
            CaseVerdict.Failed or CaseVerdict.KnownFailure => string.Join(",", result.FailedIds),
            CaseVerdict.Flaky => string.Join(",", result.FailedIds) + " (known-flaky on the real clock)",
            CaseVerdict.Warning => string.Join(",", result.Warnings.SelectMany(w => w.Ids).Distinct()),
            CaseVerdict.UnexpectedPass => "listed as known-failing but passed: the list is stale",
            _ => "",
        };
        if (result.Verdict != CaseVerdict.Skipped && result.SkippedChecks.Count > 0)
        {
            detail = (detail + $" ({Plural(result.SkippedChecks.Count, "check")} skipped)").TrimStart();
        }

        var stats = result.Verdict == CaseVerdict.Skipped ? "" : $"{Plural(result.Tests, "test")}{(result.Discarded > 0 ? $" ({result.Discarded} discarded)" : "")}, {Seconds(result.Duration)}";
        return $"  {tag} {result.Case.Name,-34} {stats,-24} {detail}".TrimEnd();
    }

    /// <summary>The whole report as text.</summary>
    /// <param name="report">The run.</param>
    /// <param name="color">ANSI colors.</param>
    /// <param name="verbose">Also list passing cases (the progress lines already did, when printed live).</param>
    public static string Render(ConformanceReport report, bool color, bool verbose)
    {
        var text = new StringBuilder();
        text.AppendLine(Header(report));
        // Transport findings get their own section: they are usually gaps of the gRPC stack, worth reporting upstream.
        var protocol = report.Results.Where(r => !TransportCases.IsTransport(r.Case.Name)).ToList();
        var transport = report.Results.Where(r => TransportCases.IsTransport(r.Case.Name)).ToList();
        if (verbose)
        {
            foreach (var result in protocol)
            {
                text.AppendLine(Line(result, color));
            }
        }

        AppendFailures(text, report, protocol);
        AppendSkippedChecks(text, protocol);
        if (transport.Count > 0 && (verbose || transport.Exists(r => r.Verdict is not (CaseVerdict.Passed or CaseVerdict.Skipped))))
        {
            text.AppendLine();
            text.AppendLine(TransportCases.Section + ": gaps here are usually the gRPC stack's, worth reporting to its maintainers");
            if (verbose)
            {
                foreach (var result in transport)
                {
                    text.AppendLine(Line(result, color));
                }
            }

            AppendFailures(text, report, transport);
        }

        text.AppendLine();
        text.AppendLine(Summary(report, color));
        return text.ToString();
    }

    /// <summary>The first line of a run: target, clock and seed.</summary>
    public static string Header(ConformanceReport report) =>
        $"Tessera conformance against {report.Target} ({(report.TestClock ? "test clock" : "real clock")}, seed {report.Seed})";

    /// <summary>The closing lines: requirement and case counts, and the verdict.</summary>
    public static string Summary(ConformanceReport report, bool color)
    {
        var requirements = report.Requirements().Where(r => r.Requirement.CheckedBySuite).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Requirements: {requirements.Count(r => r.Verdict == CaseVerdict.Passed)} passed, {requirements.Count(r => r.Verdict == CaseVerdict.Failed)} failed, ");
        text.Append(CultureInfo.InvariantCulture, $"{requirements.Count(r => r.Verdict == CaseVerdict.Warning)} warned, {requirements.Count(r => r.Verdict == CaseVerdict.Skipped)} not checked (CLI is the client suite's)");
        var failedIds = requirements.Where(r => r.Verdict == CaseVerdict.Failed).Select(r => r.Requirement.Id).ToList();
        var transportIds = requirements.Where(r => r.Requirement.Family == "TRN" && r.Verdict is CaseVerdict.Failed or CaseVerdict.Warning).Select(r => r.Requirement.Id).ToList();
        if (transportIds.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{TransportCases.Section} gaps: {string.Join(", ", transportIds)}");
        }

        if (failedIds.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nBroken MUSTs: {string.Join(", ", failedIds)}");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nCases: {report.Count(CaseVerdict.Passed)} passed, {report.Count(CaseVerdict.Failed)} failed, {report.Count(CaseVerdict.Warning)} warnings, ");
        text.Append(CultureInfo.InvariantCulture, $"{report.Count(CaseVerdict.Skipped)} skipped, {report.Count(CaseVerdict.KnownFailure)} known failures, {report.Count(CaseVerdict.UnexpectedPass)} stale known failures");
        if (report.Count(CaseVerdict.Flaky) > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {report.Count(CaseVerdict.Flaky)} flaky (known-flaky, real clock)");
        }

        text.Append(CultureInfo.InvariantCulture, $" in {Seconds(report.Duration)}");
        var verdict = report.ExitCode == 0 ? "PASS: every MUST held" : "FAIL: a MUST broke (or a known failure passed)";
        text.Append('\n').Append(color ? (report.ExitCode == 0 ? "\u001b[32m" : "\u001b[31m") + verdict + "\u001b[0m" : verdict);
        return text.ToString();
    }

    /// <summary>Checks that did not apply to the target, by case: not counted as passed, so listed with their reasons.</summary>
    private static void AppendSkippedChecks(StringBuilder text, IEnumerable<CaseResult> results)
    {
        var withSkips = results.Where(r => r.SkippedChecks.Count > 0).ToList();
        if (withSkips.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("Skipped checks (they do not apply to this target; not counted as passed):");
        foreach (var result in withSkips)
        {
            foreach (var check in result.SkippedChecks)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  SKIP  {result.Case.Name,-14} {check.Name}: {check.Reason}");
            }
        }
    }

    private static void AppendFailures(StringBuilder text, ConformanceReport report, IEnumerable<CaseResult> results)
    {
        foreach (var result in results.Where(r => r.Verdict is CaseVerdict.Failed or CaseVerdict.KnownFailure or CaseVerdict.Flaky or CaseVerdict.Warning or CaseVerdict.UnexpectedPass))
        {
            text.AppendLine();
            AppendFailure(text, report, result);
        }
    }

    private static void AppendFailure(StringBuilder text, ConformanceReport report, CaseResult result)
    {
        var title = result.Verdict switch
        {
            CaseVerdict.Warning => "WARN",
            CaseVerdict.KnownFailure => "KNOWN FAILURE",
            CaseVerdict.Flaky => "FLAKY (on the known-flaky list: allowed to fail on the real clock)",
            CaseVerdict.UnexpectedPass => "STALE KNOWN FAILURE",
            _ => "FAIL",
        };
        text.Append(title).Append(' ').AppendLine(result.Case.Name);
        if (result.Verdict == CaseVerdict.UnexpectedPass)
        {
            text.AppendLine("  The known-failing list says this case fails, but it passed: remove it from the list.");
            return;
        }

        for (var i = 0; i < result.Failures.Count; i++)
        {
            var failure = result.Failures[i];
            if (result.Failures.Count > 1)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $" Failure {i + 1} of {result.Failures.Count}");
            }

            AppendFinding(text, failure.Finding);
            text.AppendLine(CultureInfo.InvariantCulture, $"  Minimal counterexample: {Plural(failure.Counterexample.Count, "step")}{(failure.OriginalLength > failure.Counterexample.Count ? $", shrunk from {failure.OriginalLength} in {Plural(failure.ShrinkRuns, "run")}" : "")}");
            foreach (var step in failure.Counterexample)
            {
                AppendStep(text, step);
            }

            if (failure.Note is { } note)
            {
                text.AppendLine("  Note: " + note);
            }

            text.AppendLine("  Replay: " + report.ReplayCommand(result, failure));
        }

        foreach (var warning in result.Warnings)
        {
            AppendFinding(text, warning);
        }
    }

    private static void AppendFinding(StringBuilder text, Finding finding)
    {
        foreach (var id in finding.Ids.Take(3))
        {
            if (RequirementCatalog.Contains(id))
            {
                var requirement = RequirementCatalog.Find(id);
                text.AppendLine(CultureInfo.InvariantCulture, $"  {id} ({requirement.Level.ToString().ToUpperInvariant()}): {requirement.Summary}");
            }
        }

        text.AppendLine("  " + finding.Message);
    }

    private static void AppendStep(StringBuilder text, StepRecord step)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"    {step.Index}. {(step.Node is { } node ? "[" + node + "] " : "")}{step.Command}");
        var lines = Math.Max(step.Expected.Count, step.Actual.Count);
        for (var i = 0; i < lines; i++)
        {
            var expected = i < step.Expected.Count ? step.Expected[i] : "";
            var actual = i < step.Actual.Count ? step.Actual[i] : "";
            text.AppendLine(expected == actual || actual.StartsWith(expected + " ", StringComparison.Ordinal) && expected.Length > 0
                ? $"         {actual}"
                : $"         expected {expected}\n         actual   {actual}");
        }

        foreach (var finding in step.Findings)
        {
            text.AppendLine("       x " + finding);
        }

        foreach (var line in step.Wire)
        {
            text.AppendLine("       | " + line);
        }
    }

    private static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    /// <summary>"1.5s".</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}
