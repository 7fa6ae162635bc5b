using Tessera.Conformance.Requirements;

namespace Tessera.Conformance;

/// <summary>
/// One broken requirement, seen at one step: which ids, what the model
/// expected and what the target did. A finding on a SHOULD id is a warning.
/// </summary>
/// <param name="Ids">The requirement ids, most specific first.</param>
/// <param name="Message">Expected versus actual, in one line.</param>
public sealed record Finding(IReadOnlyList<string> Ids, string Message)
{
    /// <summary>MUST unless every id is a SHOULD.</summary>
    public RequirementLevel Level
    {
        get
        {
            foreach (var id in Ids)
            {
                if (RequirementCatalog.LevelOf(id) == RequirementLevel.Must)
                {
                    return RequirementLevel.Must;
                }
            }

            return RequirementLevel.Should;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Ids)}] {Message}";
}
