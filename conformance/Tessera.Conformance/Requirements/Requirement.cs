namespace Tessera.Conformance.Requirements;

/// <summary>One requirement of SPEC.md: its id (<c>EXP-3</c>), strength and a one-line summary.</summary>
/// <param name="Id">The id as SPEC.md writes it.</param>
/// <param name="Level">MUST or SHOULD.</param>
/// <param name="Summary">What it asks, in one line, for reports.</param>
/// <param name="CheckedBySuite">
/// False for the client family (CLI), which the client suite (Tessera.Conformance.Clients) judges.
/// </param>
public sealed record Requirement(string Id, RequirementLevel Level, string Summary, bool CheckedBySuite = true)
{
    /// <summary>Why this suite does not check it; null when it does.</summary>
    public string? NotCheckedReason => CheckedBySuite ? null : "client requirement: judged by the client suite";

    /// <summary>The family: the part of the id before the dash (<c>EXP</c>).</summary>
    public string Family => Id[..Id.IndexOf('-', StringComparison.Ordinal)];
}
