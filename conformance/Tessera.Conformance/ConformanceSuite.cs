using Tessera.Conformance.Cases;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Running;

namespace Tessera.Conformance;

/// <summary>
/// The suite's entry points: list the cases, run them against a target, or
/// run and assert (for a third party's own test project: one call that throws
/// with the failure report when a MUST breaks).
/// </summary>
public static class ConformanceSuite
{
    /// <summary>Every case, with the requirement ids it checks, without running anything.</summary>
    public static IReadOnlyList<CaseInfo> ListCases() => [.. CaseCatalog.All.Select(c => c.Info)];

    /// <summary>The cases a run with these --run / --skip globs (names or ids) would consider.</summary>
    public static IReadOnlyList<CaseInfo> SelectCases(IReadOnlyList<string> run, IReadOnlyList<string> skip)
    {
        var include = run.Select(p => new CasePattern(p)).ToList();
        var exclude = skip.Select(p => new CasePattern(p)).ToList();
        return [.. CaseCatalog.All.Select(c => c.Info).Where(i => (include.Count == 0 || CasePattern.Any(include, i)) && !CasePattern.Any(exclude, i))];
    }

    /// <summary>
    /// Runs the selected cases against <see cref="ConformanceOptions.Target"/>.
    /// Throws <see cref="TargetUnusableException"/> when the target cannot be
    /// judged at all (unreachable, not a Tessera server, no key), and
    /// <see cref="ArgumentException"/> for bad options.
    /// </summary>
    /// <param name="options">The target and the run settings.</param>
    /// <param name="progress">Told about every case as it finishes; null for none.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static Task<ConformanceReport> RunAsync(ConformanceOptions options, IProgress<CaseResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConformanceRunner.RunAsync(options, progress, TimeProvider.System, cancellationToken);
    }

    /// <summary>
    /// Runs the suite and throws <see cref="ConformanceFailedException"/>
    /// (message: the failure report, counterexamples included) unless every
    /// MUST held. Use it from any test framework:
    /// <code>await ConformanceSuite.AssertConformsAsync(new ConformanceOptions { Target = new() { Address = uri, Hs256Secret = secret } });</code>
    /// </summary>
    public static async Task<ConformanceReport> AssertConformsAsync(ConformanceOptions options, CancellationToken cancellationToken = default)
    {
        var report = await RunAsync(options, null, cancellationToken).ConfigureAwait(false);
        if (report.ExitCode != 0)
        {
            throw new ConformanceFailedException(report, ConsoleReport.Render(report, color: false, verbose: true));
        }

        return report;
    }
}
