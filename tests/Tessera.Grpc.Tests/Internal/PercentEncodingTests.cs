using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tessera.Grpc.Internal;
using Tessera.Grpc.Tests.Infrastructure;

namespace Tessera.Grpc.Tests.Internal;

/// <summary>grpc-message percent-encoding (TRN-7).</summary>
public sealed class PercentEncodingTests
{
    /// <summary>Any UTF-16 string, lone surrogates included, plus strings rich in '%' and non-ASCII.</summary>
    private static Arbitrary<string> Texts() => Arb.From(Gen.OneOf(
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
        Gen.Elements('%', 'a', ' ', '~', '\u00e9', '\u2713', '\u0000', '\n', '\u007f', '\ud83d', '\ude00')
            .ArrayOf().Select(chars => new string(chars))));

    [Fact]
    public void EncodeDecode_ArbitraryUnicode_RoundTrips()
    {
        Properties.Check(Prop.ForAll(Texts(), text =>
        {
            // A lone surrogate cannot be sent as UTF-8; it travels as U+FFFD, as any UTF-8 encoder does.
            var sendable = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
            return PercentEncoding.Decode(PercentEncoding.Encode(text)) == sendable;
        }), maxTest: 500);
    }

    [Fact]
    public void Encode_ArbitraryUnicode_EmitsOnlyGrammarCharacters()
    {
        Properties.Check(Prop.ForAll(Texts(), text =>
        {
            var encoded = PercentEncoding.Encode(text);
            for (var i = 0; i < encoded.Length; i++)
            {
                var c = encoded[i];
                if (c == '%')
                {
                    // Percent-Byte-Encoded -> "%" 2HEXDIGIT, upper case
                    if (i + 2 >= encoded.Length || !Uri.IsHexDigit(encoded[i + 1]) || !Uri.IsHexDigit(encoded[i + 2])
                        || char.IsLower(encoded[i + 1]) || char.IsLower(encoded[i + 2]))
                    {
                        return false;
                    }
                    i += 2;
                }
                else if (c is < ' ' or > '~')
                {
                    return false;
                }
            }
            return true;
        }), maxTest: 500);
    }

    [Fact]
    public void Decode_ArbitraryInput_NeverThrows()
    {
        Properties.Check(Prop.ForAll(Texts(), text =>
        {
            _ = PercentEncoding.Decode(text);
            return true;
        }), maxTest: 500);
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("caf\u00e9", "caf%C3%A9")]
    [InlineData("line\nbreak", "line%0Abreak")]
    [InlineData("\u2713", "%E2%9C%93")]
    public void Encode_KnownText_MatchesProtocolForm(string text, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Encode(text));
    }

    [Theory]
    [InlineData("%zz", "%zz")]
    [InlineData("50%", "50%")]
    [InlineData("%4", "%4")]
    [InlineData("%c3%a9", "\u00e9")]
    [InlineData("%FF", "\ufffd")]
    public void Decode_BrokenOrLowercaseEscapes_KeepsOrRepairsWithoutFailing(string value, string expected)
    {
        Assert.Equal(expected, PercentEncoding.Decode(value));
    }
}
