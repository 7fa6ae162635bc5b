using System.Text;

namespace Tessera.Conformance.Clients;

/// <summary>The outcome of a client conformance run: one verdict per requirement.</summary>
public sealed record ClientConformanceResult
{
    public required IReadOnlyList<ClientRequirementVerdict> Verdicts { get; init; }

    /// <summary>The seed every property ran with; pass it back in the options to replay the run.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The client that was judged (its command line, or a test's description).</summary>
    public required string Client { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>True when no requirement failed.</summary>
    public bool Passed => Verdicts.All(v => v.Passed);

    /// <summary>The ids that failed, in order.</summary>
    public IReadOnlyList<string> FailedIds => [.. Verdicts.Where(v => v.Status == ClientVerdictStatus.Failed).Select(v => v.Id)];

    /// <summary>A plain-text report: one line per requirement, the counterexample under each failure.</summary>
    public string ToReport()
    {
        var text = new StringBuilder();
        text.AppendLine($"client conformance: {Client}");
        foreach (var verdict in Verdicts)
        {
            var status = verdict.Status switch
            {
                ClientVerdictStatus.Passed => "PASS",
                ClientVerdictStatus.Failed => "FAIL",
                _ => "SKIP",
            };
            text.AppendLine($"  {status}  {verdict.Id,-6} {verdict.Requirement.Title} ({verdict.Scenarios} scenarios)");
            if (verdict.Status == ClientVerdictStatus.Failed)
            {
                text.AppendLine($"        scenario: {verdict.Counterexample}");
                text.AppendLine($"        found:    {verdict.Failure}");
            }
        }

        text.AppendLine($"{(Passed ? "passed" : "FAILED")}: {Verdicts.Count(v => v.Status == ClientVerdictStatus.Passed)} passed, {FailedIds.Count} failed, seed {Seed}, {Duration.TotalSeconds:0.0} s");
        return text.ToString();
    }
}
