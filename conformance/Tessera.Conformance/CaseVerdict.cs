namespace Tessera.Conformance;

/// <summary>The verdict of one case.</summary>
public enum CaseVerdict
{
    /// <summary>Every check held.</summary>
    Passed,

    /// <summary>A MUST broke: the run fails (exit code 1).</summary>
    Failed,

    /// <summary>Only a SHOULD broke: reported, the run still passes.</summary>
    Warning,

    /// <summary>Not run: the target or the options do not allow it (no test clock, no shutdown hook, filtered out).</summary>
    Skipped,

    /// <summary>Failed as the known-failing list says it must.</summary>
    KnownFailure,

    /// <summary>On the known-failing list but passed: the list is stale, so the run fails.</summary>
    UnexpectedPass,

    /// <summary>
    /// Failed on the real clock, and the known-flaky list allows that case to:
    /// reported with its failures, the run still passes. On the test clock a
    /// listed case that fails stays <see cref="Failed"/>: there timing is exact.
    /// </summary>
    Flaky,
}
