using System.Buffers.Binary;
using Google.Protobuf;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>Hand-built length-prefixed messages, valid or not, for raw requests.</summary>
public static class Frames
{
    /// <summary>A frame with any flag and declared length, followed by <paramref name="payload"/> as given.</summary>
    public static byte[] Frame(byte compressedFlag, uint declaredLength, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>A valid frame for a payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload) => Frame(0, (uint)payload.Length, payload);

    /// <summary>A valid frame for a message.</summary>
    public static byte[] Message(IMessage message) => Frame(message.ToByteArray());

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
