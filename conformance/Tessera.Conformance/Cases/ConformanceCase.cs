namespace Tessera.Conformance.Cases;

/// <summary>A case of the suite: what it checks (<see cref="Info"/>) and how to run it.</summary>
internal abstract class ConformanceCase(CaseInfo info)
{
    public CaseInfo Info { get; } = info;

    public abstract Task<CaseResult> RunAsync(CaseRun run);

    /// <summary>Replays one generated sequence (<c>--replay</c>); only property cases generate.</summary>
    public virtual Task<CaseResult> ReplayAsync(CaseRun run, ulong seed, int size) =>
        throw new InvalidOperationException($"{Info.Name} is not a property case; only generated sequences can be replayed.");
}
