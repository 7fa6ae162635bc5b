using System.Buffers;
using System.Net;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The body of a unary or server-streaming request: one length-prefixed
/// message, then END_STREAM. No content-length is declared, as gRPC clients
/// do not send one.
/// </summary>
internal sealed class UnaryRequestContent(IMessage message, int size) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var length = LengthPrefixedMessage.HeaderSize + size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            LengthPrefixedMessage.WriteHeader(buffer, size);
            message.WriteTo(buffer.AsSpan(LengthPrefixedMessage.HeaderSize, size));
            await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
