using System.Buffers;
using System.Buffers.Text;

namespace Tessera.Server.Tokens;

/// <summary>
/// Strict base64url for JWS segments (RFC 7515 section 2, RFC 4648 section 5):
/// only A-Z a-z 0-9 - _, no padding, no whitespace, no 4n+1 lengths, and
/// zero unused bits in the last character. .NET's decoder skips whitespace
/// and accepts padding, so the text is checked here first. Rejecting
/// non-canonical text (RFC 4648 section 3.5 allows it; TOK-1 requires it
/// since draft 2) means each token has exactly one spelling, so a changed
/// character always changes the bytes.
/// </summary>
internal static class Base64UrlStrict
{
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>True when <paramref name="text"/> is canonical unpadded base64url (empty counts).</summary>
    public static bool IsCanonical(ReadOnlySpan<char> text)
    {
        var remainder = text.Length % 4;
        if (remainder == 1 || text.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        // 2 trailing characters carry 1 byte (4 unused bits); 3 carry 2 bytes (2 unused bits).
        return remainder switch
        {
            2 => (ValueOf(text[^1]) & 0x0F) == 0,
            3 => (ValueOf(text[^1]) & 0x03) == 0,
            _ => true,
        };
    }

    /// <summary>The number of bytes canonical text of this length decodes to.</summary>
    public static int DecodedLength(int textLength) => textLength / 4 * 3 + (textLength % 4 == 0 ? 0 : textLength % 4 - 1);

    /// <summary>Decodes text that passed <see cref="IsCanonical"/>; returns the bytes written.</summary>
    public static int Decode(ReadOnlySpan<char> text, Span<byte> destination) => Base64Url.DecodeFromChars(text, destination);

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };
}
