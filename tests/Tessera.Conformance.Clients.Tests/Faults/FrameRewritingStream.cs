using System.Buffers.Binary;

namespace Tessera.Conformance.Clients.Tests.Faults;

/// <summary>Reads gRPC frames (1 flag byte, 4 length bytes, message) from the inner stream and hands out the rewritten ones.</summary>
internal sealed class FrameRewritingStream(Stream inner, Func<byte[], byte[]?> rewrite) : Stream
{
    private byte[] _pending = [];
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _pending.Length)
        {
            var header = new byte[5];
            var first = await inner.ReadAsync(header.AsMemory(0, 1), cancellationToken);
            if (first == 0)
            {
                return 0;
            }

            await inner.ReadExactlyAsync(header.AsMemory(1, 4), cancellationToken);
            var message = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1, 4))];
            await inner.ReadExactlyAsync(message, cancellationToken);
            if (rewrite(message) is { } kept)
            {
                _pending = GrpcRewritingHandler.Frame(kept);
                _offset = 0;
            }
        }

        var count = Math.Min(buffer.Length, _pending.Length - _offset);
        _pending.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
