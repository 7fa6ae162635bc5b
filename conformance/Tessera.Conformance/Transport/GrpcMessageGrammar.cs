using System.Globalization;
using System.Text;

namespace Tessera.Conformance.Transport;

/// <summary>
/// The protocol document's <c>Percent-Encoded</c> production for
/// <c>grpc-message</c> (TRN-7): bytes 0x20 to 0x7E, <c>%</c> only as
/// <c>%</c> and two hex digits, and UTF-8 once decoded.
/// </summary>
internal static class GrpcMessageGrammar
{
    /// <summary>What is wrong with a raw <c>grpc-message</c> (one char per byte); null when it is well formed.</summary>
    public static string? Problem(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var decoded = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c is < ' ' or > '~')
            {
                return $"byte 0x{(int)c:X2} at {i} is not allowed unencoded (only 0x20-0x7E)";
            }

            if (c != '%')
            {
                decoded.Add((byte)c);
                continue;
            }

            if (i + 2 >= raw.Length || !byte.TryParse(raw.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return $"'%' at {i} is not followed by two hex digits";
            }

            decoded.Add(b);
            i += 2;
        }

        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString([.. decoded]);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return "the percent-decoded bytes are not UTF-8";
        }
    }
}
