namespace Tessera.Conformance.Execution;

/// <summary>The outcome of running one command sequence against the target.</summary>
internal sealed class SequenceResult
{
    public required List<StepRecord> Steps { get; init; }

    /// <summary>The first MUST finding; null when the sequence passed.</summary>
    public Finding? Failure { get; init; }

    /// <summary>SHOULD findings (warnings) seen along the way.</summary>
    public List<Finding> Warnings { get; init; } = [];

    /// <summary>Set when the model could not predict the outcome (timers tied): the sequence proves nothing either way.</summary>
    public string? Discarded { get; init; }

    /// <summary>Set when a token the sequence needs cannot fit the target's max_token_bytes: the sequence was not judged.</summary>
    public string? Skipped { get; init; }

    public bool Failed => Failure is not null;
}
