using System.Buffers.Binary;
using Google.Protobuf;

namespace Tessera.Conformance.Target;

/// <summary>
/// A response body stream that hands each complete length-prefixed message to
/// <c>onMessage</c> as the reader pulls bytes through it, and calls <c>onEnd</c>
/// once: at the end of the body or when the reader disposes it (null), or when
/// reading it failed (the error).
/// <code>
///   +------------+----------------------+-----------------+
///   | compressed | length (4, BE)       | message bytes   |   gRPC over HTTP/2, Length-Prefixed-Message
///   +------------+----------------------+-----------------+
/// </code>
/// </summary>
internal sealed class FrameRecordingStream(Stream inner, MessageParser? parser, Action<IMessage?> onMessage, Action<Exception?> onEnd) : Stream
{
    // A message larger than this is not kept for the trace (the client enforces its own limit).
    private const int MaxTracedMessage = 4 * 1024 * 1024;

    private readonly MemoryStream _pending = new();
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            End(e);
            throw;
        }

        // A zero-byte read (Grpc.Net.Client waits for data that way) is not the end.
        if (read == 0 && !buffer.IsEmpty)
        {
            End(null);
            return 0;
        }

        Observe(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // A unary reader may stop after the one message it expects; the
            // trailers have arrived by the time it disposes the body.
            End(null);
            inner.Dispose();
            _pending.Dispose();
        }

        base.Dispose(disposing);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        _pending.Write(bytes);
        var data = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
        var consumed = 0;
        while (data.Length - consumed >= 5)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(consumed + 1, 4));
            if (length > MaxTracedMessage || data.Length - consumed - 5 < length)
            {
                break;
            }

            onMessage(WireTraceHandler.TryParse(parser, data.Slice(consumed + 5, (int)length)));
            consumed += 5 + (int)length;
        }

        if (consumed > 0)
        {
            var rest = data[consumed..].ToArray();
            _pending.SetLength(0);
            _pending.Write(rest);
        }
    }

    private void End(Exception? error)
    {
        if (!_ended)
        {
            _ended = true;
            onEnd(error);
        }
    }
}
