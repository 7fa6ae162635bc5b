using System.Text;
using System.Text.Json;
using Tessera.Conformance.Model;
using Tessera.Conformance.Transport;

namespace Tessera.Conformance.Reporting;

/// <summary>The report as JSON: run, profile, per-requirement verdicts, and every case with its counterexample.</summary>
public static class JsonReport
{
    /// <summary>The report as indented JSON text.</summary>
    public static string Render(ConformanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("target", report.Target);
            if (report.Nodes.Count > 1)
            {
                Strings(json, "nodes", report.Nodes);
            }

            json.WriteNumber("seed", report.Seed);
            json.WriteString("clock", report.TestClock ? "test" : "real");
            json.WriteString("startedAt", report.StartedAt);
            json.WriteNumber("durationSeconds", Math.Round(report.Duration.TotalSeconds, 3));
            json.WriteNumber("exitCode", report.ExitCode);
            WriteProfile(json, report);
            json.WriteStartArray("requirements");
            foreach (var r in report.Requirements())
            {
                json.WriteStartObject();
                json.WriteString("id", r.Requirement.Id);
                json.WriteString("section", r.Requirement.Family == "TRN" ? "transport" : "protocol");
                json.WriteString("level", r.Requirement.Level == Requirements.RequirementLevel.Must ? "MUST" : "SHOULD");
                json.WriteString("verdict", r.Requirement.CheckedBySuite ? Verdict(r.Verdict) : "not-checked");
                json.WriteString("summary", r.Requirement.Summary);
                Strings(json, "cases", r.Cases);
                Strings(json, "failingCases", r.FailingCases);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("cases");
            foreach (var result in report.Results)
            {
                WriteCase(json, report, result);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The kebab-case spelling of a verdict in JSON and HTML: passed, failed, known-failure...</summary>
    public static string Verdict(CaseVerdict verdict) => verdict switch
    {
        CaseVerdict.Passed => "passed",
        CaseVerdict.Failed => "failed",
        CaseVerdict.Warning => "warning",
        CaseVerdict.Skipped => "skipped",
        CaseVerdict.KnownFailure => "known-failure",
        CaseVerdict.Flaky => "flaky",
        _ => "unexpected-pass",
    };

    private static void WriteProfile(Utf8JsonWriter json, ConformanceReport report)
    {
        var p = report.Profile;
        json.WriteStartObject("profile");
        json.WriteString("policy", p.Policy.ToString());
        json.WriteString("leeway", Format.Duration(p.Leeway));
        json.WriteString("expiryGrace", Format.Duration(p.ExpiryGrace));
        json.WriteString("expiringNotice", Format.Duration(p.ExpiringNotice));
        json.WriteString("disconnectGrace", Format.Duration(p.DisconnectGrace));
        json.WriteString("maxTokenLifetime", Format.Duration(p.MaxTokenLifetime));
        json.WriteString("terminatedRetention", Format.Duration(p.TerminatedRetention));
        json.WriteBoolean("guestSessionsEnabled", p.GuestSessionsEnabled);
        json.WriteNumber("maxTokenBytes", p.MaxTokenBytes);
        json.WriteNumber("eventReplayCapacity", p.EventReplayCapacity);
        Strings(json, "issuers", p.Issuers);
        Strings(json, "acceptedAlgorithms", p.AcceptedAlgorithms);
        json.WriteEndObject();
    }

    private static void WriteCase(Utf8JsonWriter json, ConformanceReport report, CaseResult result)
    {
        json.WriteStartObject();
        json.WriteString("name", result.Case.Name);
        json.WriteString("kind", result.Case.Kind);
        json.WriteString("section", TransportCases.IsTransport(result.Case.Name) ? "transport" : "protocol");
        json.WriteString("verdict", Verdict(result.Verdict));
        Strings(json, "requirements", result.Case.Requirements);
        json.WriteNumber("tests", result.Tests);
        json.WriteNumber("discarded", result.Discarded);
        json.WriteNumber("durationSeconds", Math.Round(result.Duration.TotalSeconds, 3));
        if (result.SkipReason is { } skip)
        {
            json.WriteString("skipReason", skip);
        }

        if (result.SkippedChecks.Count > 0)
        {
            json.WriteStartArray("skippedChecks");
            foreach (var check in result.SkippedChecks)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteString("reason", check.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("failures");
        foreach (var failure in result.Failures)
        {
            json.WriteStartObject();
            Strings(json, "ids", failure.Finding.Ids);
            json.WriteString("message", failure.Finding.Message);
            json.WriteNumber("originalLength", failure.OriginalLength);
            json.WriteNumber("shrinkRuns", failure.ShrinkRuns);
            json.WriteStartArray("counterexample");
            foreach (var step in failure.Counterexample)
            {
                json.WriteStartObject();
                json.WriteNumber("step", step.Index);
                if (step.Node is { } node)
                {
                    json.WriteString("node", node);
                }

                json.WriteString("command", step.Command);
                Strings(json, "expected", step.Expected);
                Strings(json, "actual", step.Actual);
                Strings(json, "findings", step.Findings.Select(f => f.ToString()));
                if (step.Wire.Count > 0)
                {
                    Strings(json, "wire", step.Wire);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (failure.Replay is { } replay)
            {
                json.WriteString("replay", replay);
            }

            json.WriteString("replayCommand", report.ReplayCommand(result, failure));
            if (failure.Note is { } note)
            {
                json.WriteString("note", note);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("warnings");
        foreach (var w in result.Warnings)
        {
            json.WriteStartObject();
            Strings(json, "ids", w.Ids);
            json.WriteString("message", w.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }

        json.WriteEndArray();
    }
}
