using System.Buffers.Binary;

namespace Tessera.Conformance.Transport;

/// <summary>
/// gRPC's Length-Prefixed-Message (protocol document, "Requests"): a
/// compressed flag byte, a 4-byte big-endian length, the message bytes.
/// Probes build them by hand so they can put on the wire what no gRPC client would.
/// </summary>
internal static class GrpcFrame
{
    /// <summary>An uncompressed message.</summary>
    public static byte[] Message(byte[] payload) => Frame(0, (uint)payload.Length, payload);

    /// <summary>A frame with any flag and any declared length, whatever the payload's real length.</summary>
    public static byte[] Frame(byte flag, uint declaredLength, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
