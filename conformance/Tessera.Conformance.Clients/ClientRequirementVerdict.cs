namespace Tessera.Conformance.Clients;

/// <summary>What the suite found for one requirement.</summary>
public sealed record ClientRequirementVerdict
{
    public required ClientRequirement Requirement { get; init; }

    public required ClientVerdictStatus Status { get; init; }

    /// <summary>Scenarios run (generated and, after a failure, shrunk).</summary>
    public int Scenarios { get; init; }

    /// <summary>The smallest failing scenario found, as text; null when it passed.</summary>
    public string? Counterexample { get; init; }

    /// <summary>What went wrong in that scenario; null when it passed.</summary>
    public string? Failure { get; init; }

    public string Id => Requirement.Id;

    public bool Passed => Status != ClientVerdictStatus.Failed;
}
