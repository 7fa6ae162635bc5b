namespace Tessera.Conformance.Running;

/// <summary>
/// Reads a known-failing file: one case name or glob per line; <c>#</c>
/// starts a comment; blank lines are ignored.
/// </summary>
public static class KnownFailingList
{
    /// <summary>The patterns in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var patterns = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length > 0)
            {
                patterns.Add(line);
            }
        }

        return patterns;
    }
}
