using Tessera.Conformance.Tokens;

namespace Tessera.Conformance.Tests;

public sealed class Utf8OrdinalTests
{
    [Fact]
    public void SortedSet_SupplementaryAgainstHighBmp_SortsByUtf8BytesNotUtf16()
    {
        // U+FF21 is EF BC A1 in UTF-8, U+1F600 is F0 9F 98 80: UTF-8 puts the emoji last,
        // UTF-16 (D83D < FF21) first.
        var sorted = Utf8Ordinal.SortedSet(["\U0001F600", "\uFF21", "b", "B", "\uFF21"]);

        Assert.Equal(["B", "b", "\uFF21", "\U0001F600"], sorted);
        Assert.True(string.CompareOrdinal("\U0001F600", "\uFF21") < 0);
    }

    [Fact]
    public void SortedSet_Property_IsSortedDistinctAndKeepsEveryRole()
    {
        var property = FsCheck.Fluent.Prop.ForAll<string[]>(roles =>
        {
            var input = roles.Where(r => r is not null && !r.Any(char.IsSurrogate)).ToArray();
            var sorted = Utf8Ordinal.SortedSet(input);
            return sorted.Zip(sorted.Skip(1)).All(p => Utf8Ordinal.Instance.Compare(p.First, p.Second) < 0)
                && sorted.ToHashSet().SetEquals(input);
        });

        FsCheck.Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }
}
