using Tessera.Conformance.Requirements;

namespace Tessera.Conformance;

/// <summary>The verdict on one SPEC.md requirement across every case that checks it.</summary>
/// <param name="Requirement">The requirement.</param>
/// <param name="Verdict">Failed when a failure names it, passed when a case that checks it ran and none did, skipped when none ran.</param>
/// <param name="Cases">The cases that check it.</param>
/// <param name="FailingCases">The cases whose failure names it.</param>
public sealed record RequirementVerdict(Requirement Requirement, CaseVerdict Verdict, IReadOnlyList<string> Cases, IReadOnlyList<string> FailingCases);
