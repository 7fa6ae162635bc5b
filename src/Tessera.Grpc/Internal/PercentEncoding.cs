using System.Buffers;
using System.Text;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The <c>grpc-message</c> encoding (PROTOCOL-HTTP2.md, Responses):
/// <code>
///   Percent-Encoded          -> 1*(Percent-Byte-Unencoded / Percent-Byte-Encoded)
///   Percent-Byte-Unencoded   -> %x20-%x24 / %x26-%x7E   ; printable ASCII except '%'
///   Percent-Byte-Encoded     -> "%" 2HEXDIGIT           ; one byte of the UTF-8 text
/// </code>
/// Decoding never fails: a broken escape is kept as it is, and invalid UTF-8
/// becomes U+FFFD, as the document allows.
/// </summary>
internal static class PercentEncoding
{
    private const string HexDigits = "0123456789ABCDEF";

    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = true;
        foreach (var c in text)
        {
            if (!IsUnencoded(c))
            {
                plain = false;
                break;
            }
        }
        if (plain)
        {
            return text;
        }

        var byteCount = Encoding.UTF8.GetByteCount(text);
        var bytes = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, bytes);
            var builder = new StringBuilder(written * 3);
            for (var i = 0; i < written; i++)
            {
                var b = bytes[i];
                if (IsUnencoded((char)b))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
                }
            }
            return builder.ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = true;
        foreach (var c in value)
        {
            if (c == '%' || c > 0x7E)
            {
                plain = false;
                break;
            }
        }
        if (plain)
        {
            return value;
        }

        // Each char yields at most 3 UTF-8 bytes (a char above 0x7E that a peer
        // sent raw is kept as its UTF-8 form rather than dropped).
        var bytes = ArrayPool<byte>.Shared.Rent(value.Length * 3);
        try
        {
            var count = 0;
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '%' && i + 2 < value.Length
                    && TryHex(value[i + 1], out var high) && TryHex(value[i + 2], out var low))
                {
                    bytes[count++] = (byte)((high << 4) | low);
                    i += 2;
                }
                else if (c < 0x80)
                {
                    bytes[count++] = (byte)c;
                }
                else
                {
                    count += Encoding.UTF8.GetBytes(value.AsSpan(i, char.IsHighSurrogate(c) && i + 1 < value.Length ? 2 : 1), bytes.AsSpan(count));
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length)
                    {
                        i++;
                    }
                }
            }
            return Encoding.UTF8.GetString(bytes, 0, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static bool IsUnencoded(char c) => c is >= ' ' and <= '~' and not '%';

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
