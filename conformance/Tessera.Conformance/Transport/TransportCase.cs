using System.Diagnostics;
using Tessera.Conformance.Cases;
using Tessera.Conformance.Requirements;

namespace Tessera.Conformance.Transport;

/// <summary>
/// A <c>transport/*</c> case: a fixed probe of the target's gRPC stack with
/// hand-built HTTP/2 requests. Nothing is generated or shrunk: every step the
/// probe made is the counterexample. A finding on a MUST fails the case, one
/// on a SHOULD (most TRN rules) gives it a warning.
/// </summary>
internal sealed class TransportCase(CaseInfo info, Func<TransportProbe, Task> probe) : ConformanceCase(info)
{
    public override async Task<CaseResult> RunAsync(CaseRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var watch = Stopwatch.StartNew();
        using var transport = new TransportProbe(run.State.Target, run.Cancellation);
        await probe(transport).ConfigureAwait(false);
        return Judge(Info, transport.Steps, watch.Elapsed);
    }

    /// <summary>The verdict on a probe's steps.</summary>
    public static CaseResult Judge(CaseInfo info, IReadOnlyList<StepRecord> steps, TimeSpan elapsed)
    {
        // One failure per broken MUST, carrying every distinct way the probe saw it broken, with all steps as
        // the counterexample (a probe is a handful of requests); warnings once per distinct message.
        var findings = steps.SelectMany(s => s.Findings).DistinctBy(f => f.ToString()).ToList();
        var failures = findings.Where(f => f.Level == RequirementLevel.Must)
            .GroupBy(f => string.Join(",", f.Ids), StringComparer.Ordinal)
            .Select(g => new CaseFailure
            {
                Finding = new Finding(g.First().Ids, string.Join("; ", g.Select(f => f.Message))),
                Counterexample = steps,
                OriginalLength = steps.Count,
            })
            .ToList();
        var warnings = findings.Where(f => f.Level == RequirementLevel.Should).ToList();
        return new CaseResult
        {
            Case = info,
            Verdict = failures.Count > 0 ? CaseVerdict.Failed : warnings.Count > 0 ? CaseVerdict.Warning : CaseVerdict.Passed,
            Failures = failures,
            Warnings = warnings,
            Tests = 1,
            Duration = elapsed,
        };
    }
}
