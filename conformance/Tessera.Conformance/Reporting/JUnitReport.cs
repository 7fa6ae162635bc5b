using System.Globalization;
using System.Text;
using System.Xml;

namespace Tessera.Conformance.Reporting;

/// <summary>
/// JUnit XML, one testcase per case: the class is the case's family
/// (<c>expiry</c>), the name carries the requirement ids it checks, a
/// failure's type is the broken requirement id. A check inside a case that
/// did not apply to the target is a skipped testcase of its own.
/// </summary>
public static class JUnitReport
{
    /// <summary>The report as JUnit XML text.</summary>
    public static string Render(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", "tessera-conformance");
            var skippedChecks = report.Results.Sum(r => r.Verdict == CaseVerdict.Skipped ? 0 : r.SkippedChecks.Count);
            xml.WriteAttributeString("tests", (report.Results.Count + skippedChecks).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", report.Results.Count(r => r.Verdict is CaseVerdict.Failed or CaseVerdict.UnexpectedPass).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("skipped", (report.Results.Count(r => r.Verdict is CaseVerdict.Skipped or CaseVerdict.KnownFailure) + skippedChecks).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("time", report.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            xml.WriteStartElement("properties");
            Property(xml, "target", report.Target);
            Property(xml, "seed", report.Seed.ToString(CultureInfo.InvariantCulture));
            Property(xml, "clock", report.TestClock ? "test" : "real");
            xml.WriteEndElement();
            foreach (var result in report.Results)
            {
                xml.WriteStartElement("testcase");
                var slash = result.Case.Name.IndexOf('/', StringComparison.Ordinal);
                xml.WriteAttributeString("classname", "tessera." + (slash > 0 ? result.Case.Name[..slash] : result.Case.Name));
                xml.WriteAttributeString("name", $"{result.Case.Name} [{string.Join(" ", result.Case.Requirements)}]");
                xml.WriteAttributeString("time", result.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
                switch (result.Verdict)
                {
                    case CaseVerdict.Failed:
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("type", result.FailedIds.FirstOrDefault() ?? "MUST");
                        xml.WriteAttributeString("message", result.Failure?.ToString() ?? "failed");
                        xml.WriteString(Detail(report, result));
                        xml.WriteEndElement();
                        break;
                    case CaseVerdict.UnexpectedPass:
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("type", "known-failing");
                        xml.WriteAttributeString("message", "listed as known-failing but passed: the list is stale");
                        xml.WriteEndElement();
                        break;
                    case CaseVerdict.Skipped:
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", result.SkipReason ?? "skipped");
                        xml.WriteEndElement();
                        break;
                    case CaseVerdict.KnownFailure:
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", "known failure: " + result.Failure);
                        xml.WriteEndElement();
                        break;
                    case CaseVerdict.Flaky:
                        // Surefire's spelling of "failed, but allowed to": the case counts as passed.
                        xml.WriteStartElement("flakyFailure");
                        xml.WriteAttributeString("type", result.FailedIds.FirstOrDefault() ?? "MUST");
                        xml.WriteAttributeString("message", "flaky (known-flaky, real clock): " + result.Failure);
                        xml.WriteString(Detail(report, result));
                        xml.WriteEndElement();
                        break;
                    case CaseVerdict.Warning:
                        xml.WriteElementString("system-out", "SHOULD broken: " + string.Join("; ", result.Warnings));
                        break;
                }

                xml.WriteEndElement();
                if (result.Verdict != CaseVerdict.Skipped)
                {
                    WriteSkippedChecks(xml, result);
                }
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteSkippedChecks(XmlWriter xml, CaseResult result)
    {
        var slash = result.Case.Name.IndexOf('/', StringComparison.Ordinal);
        foreach (var check in result.SkippedChecks)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "tessera." + (slash > 0 ? result.Case.Name[..slash] : result.Case.Name));
            xml.WriteAttributeString("name", $"{result.Case.Name} {check.Name}");
            xml.WriteAttributeString("time", "0.000");
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", check.Reason);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
    }

    private static void Property(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }

    private static string Detail(ConformanceReport report, CaseResult result)
    {
        var text = new StringBuilder();
        foreach (var failure in result.Failures)
        {
            text.Append('[').Append(string.Join(", ", failure.Finding.Ids)).Append("] ").AppendLine(failure.Finding.Message);
            foreach (var step in failure.Counterexample)
            {
                text.Append(step.Index).Append(". ").Append(step.Node is { } node ? "[" + node + "] " : "").AppendLine(step.Command);
                for (var i = 0; i < Math.Max(step.Expected.Count, step.Actual.Count); i++)
                {
                    text.Append("   expected ").AppendLine(i < step.Expected.Count ? step.Expected[i] : "");
                    text.Append("   actual   ").AppendLine(i < step.Actual.Count ? step.Actual[i] : "");
                }

                foreach (var finding in step.Findings)
                {
                    text.Append("   x ").AppendLine(finding.ToString());
                }
            }

            text.Append("Replay: ").AppendLine(report.ReplayCommand(result, failure)).AppendLine();
        }

        return text.ToString();
    }
}
