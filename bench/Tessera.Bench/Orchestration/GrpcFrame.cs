using System.Buffers.Binary;
using Google.Protobuf;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// A request body as h2load sends it: one length-prefixed message (gRPC over HTTP2):
/// <code>
///   +------------+------------------------+------------------+
///   | flag (1 B) | length (4 B, big end.) | message (length) |
///   +------------+------------------------+------------------+
/// </code>
/// </summary>
internal static class GrpcFrame
{
    public static byte[] Encode(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
