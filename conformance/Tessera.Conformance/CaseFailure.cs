namespace Tessera.Conformance;

/// <summary>One distinct way a case failed: the broken requirement and its shrunk counterexample.</summary>
public sealed class CaseFailure
{
    /// <summary>The broken MUST, as seen at the last step of <see cref="Counterexample"/>.</summary>
    public required Finding Finding { get; init; }

    /// <summary>The minimal failing sequence, each step with expected and actual answers.</summary>
    public IReadOnlyList<StepRecord> Counterexample { get; init; } = [];

    /// <summary>Length of the failing sequence before shrinking.</summary>
    public int OriginalLength { get; init; }

    /// <summary>Sequences run while shrinking.</summary>
    public int ShrinkRuns { get; init; }

    /// <summary>The replay token of the failing sequence, for <c>--replay</c>: <c>case:seed:size</c>; null for fixed scenarios.</summary>
    public string? Replay { get; init; }

    /// <summary>Anything else worth saying: a counterexample that did not fail again on re-run, for instance.</summary>
    public string? Note { get; init; }
}
