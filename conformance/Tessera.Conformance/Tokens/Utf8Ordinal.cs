using System.Text;

namespace Tessera.Conformance.Tokens;

/// <summary>
/// Compares strings by their UTF-8 bytes, the order SES-7 asks for. It
/// differs from <see cref="StringComparer.Ordinal"/> (UTF-16 code units) for
/// characters above U+FFFF against U+E000..U+FFFF: "😀" sorts after "Ａ" here,
/// before it by UTF-16.
/// </summary>
internal sealed class Utf8Ordinal : IComparer<string>
{
    public static readonly Utf8Ordinal Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        return Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }

    /// <summary>The role set of a token: distinct, sorted by UTF-8 bytes.</summary>
    public static IReadOnlyList<string> SortedSet(IEnumerable<string> roles)
    {
        var distinct = new HashSet<string>(roles, StringComparer.Ordinal).ToList();
        distinct.Sort(Instance);
        return distinct;
    }
}
