using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>
/// Length-Prefixed-Message (PROTOCOL-HTTP2.md, Requests; responses use the same
/// framing):
/// <code>
///    byte 0           bytes 1..4                          bytes 5 .. 5+Length-1
///   +---------------+-----------------------------------+-----------------------+
///   | Compressed-   | Message-Length                    | Message               |
///   | Flag (uint8)  | (uint32, big-endian)              | (Length octets)       |
///   +---------------+-----------------------------------+-----------------------+
/// </code>
/// Compressed-Flag is 0 (plain) or 1 (compressed with the declared
/// grpc-encoding); no other value is valid, and 1 is invalid when no encoding
/// (or identity) was declared. DATA frame boundaries have no relation to
/// message boundaries, so a prefix or a message may span any number of
/// buffer segments.
/// </summary>
internal static class LengthPrefixedMessage
{
    public const int HeaderSize = 5;

    /// <summary>Reads the 5-byte prefix at the start of <paramref name="buffer"/>; false when fewer than 5 bytes are there.</summary>
    public static bool TryReadHeader(in ReadOnlySequence<byte> buffer, out byte compressedFlag, out uint length)
    {
        if (buffer.Length < HeaderSize)
        {
            compressedFlag = 0;
            length = 0;
            return false;
        }
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        compressedFlag = header[0];
        length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        return true;
    }

    /// <summary>Writes the prefix for an uncompressed message of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, int length)
    {
        System.Diagnostics.Debug.Assert(length >= 0, "A message length is never negative.");
        destination[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>Writes one framed message; <paramref name="size"/> is <c>message.CalculateSize()</c>.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message, int size)
    {
        WriteHeader(writer.GetSpan(HeaderSize), size);
        writer.Advance(HeaderSize);
        if (size > 0)
        {
            message.WriteTo(writer);
        }
    }
}
