using Tessera.Conformance.Execution;

namespace Tessera.Conformance.Commands;

/// <summary>
/// One step of a generated sequence. A command holds abstract choices
/// ("the newest session", "a token one tick past expiry") that it resolves
/// against the model when it runs, so removing an earlier command while
/// shrinking leaves every later one meaningful.
/// </summary>
internal abstract record Command
{
    /// <summary>
    /// The node this command's calls go to, as an index into the target's nodes
    /// (modulo their count); 0 for a single target. Set from the sequence's seed
    /// when it is generated (<see cref="Generation.NodeChoice"/>) and kept while
    /// shrinking, so a replay and a shrunk counterexample send each step where
    /// the original did.
    /// </summary>
    public int Node { get; init; }

    /// <summary>Makes the call(s), compares with the model, records findings, and moves the model on.</summary>
    public abstract Task ExecuteAsync(SequenceContext context, StepRecord step);

    /// <summary>Simpler variants of this command, simplest first, for shrinking.</summary>
    public virtual IEnumerable<Command> Simplify() => [];
}
