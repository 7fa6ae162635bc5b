using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Protocol.Generator;

/// <summary>One requirement as SPEC.md defines it: its id, its first sentence and the line that defines it.</summary>
internal sealed class SpecRequirement
{
    public SpecRequirement(string id, string firstSentence, int line)
    {
        Id = id;
        FirstSentence = firstSentence;
        Line = line;
    }

    public string Id { get; }

    public string FirstSentence { get; }

    public int Line { get; }
}

/// <summary>
/// Reads the requirement definitions out of SPEC.md. A definition is a list
/// item that opens with the bold id (<c>- **EXP-3** While ...</c>) and goes on
/// over the indented lines below it, the same shape CatalogTests reads.
/// Markdown parsing is hand-written because only this one line shape matters
/// and a generator cannot take a Markdown library along without shipping it
/// inside the compiler's load context.
/// </summary>
internal static class SpecRequirements
{
    private static readonly Regex Definition = new(@"^- \*\*([A-Z]{3}-[0-9]+)\*\*\s*(.*)$", RegexOptions.CultureInvariant);

    private static readonly Regex SentenceEnd = new(@"\.(\s|$)", RegexOptions.CultureInvariant);

    public static List<SpecRequirement> Parse(string spec)
    {
        var lines = spec.Replace("\r\n", "\n").Split('\n');
        var requirements = new List<SpecRequirement>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Definition.Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var text = new StringBuilder(match.Groups[2].Value.Trim());
            for (var next = i + 1; next < lines.Length && lines[next].StartsWith("  ", System.StringComparison.Ordinal) && lines[next].Trim().Length > 0; next++)
            {
                text.Append(' ').Append(lines[next].Trim());
            }

            requirements.Add(new SpecRequirement(match.Groups[1].Value, FirstSentence(text.ToString()), i + 1));
        }

        return requirements;
    }

    private static string FirstSentence(string text)
    {
        var end = SentenceEnd.Match(text);
        return end.Success ? text.Substring(0, end.Index + 1) : text;
    }
}
