using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tessera.Protocol;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

public sealed class CodePointComparerTests
{
    [Fact]
    [Trait("Requirement", Req.SES_7)]
    public void Compare_SupplementaryVersusHighBmp_FollowsUtf8Bytes()
    {
        // Found by the conformance suite: UTF-16 ordinal puts the emoji first.
        Assert.True(CodePointComparer.Instance.Compare("Ａgent", "😀fan") < 0);
        Assert.True(StringComparer.Ordinal.Compare("Ａgent", "😀fan") > 0);
    }

    [Fact]
    [Trait("Requirement", Req.SES_7)]
    public void Compare_AnyTwoStrings_AgreesWithUtf8ByteOrder()
    {
        Prop.ForAll<NonNull<string>, NonNull<string>>((a, b) =>
        {
            var x = ValidUtf16(a.Get);
            var y = ValidUtf16(b.Get);
            var expected = Math.Sign(Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)));
            return Math.Sign(CodePointComparer.Instance.Compare(x, y)) == expected;
        }).QuickCheckThrowOnFailure();
    }

    // Lone surrogates have no UTF-8 form; round-tripping replaces them, as a JSON token's roles would.
    private static string ValidUtf16(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s));
}
