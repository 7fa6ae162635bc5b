using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>
/// Sends one request on a fresh h2c connection, byte by byte as we choose,
/// and returns the frames the server sent on that stream: enough to check
/// frame-level promises such as "Trailers-Only is one HEADERS frame with
/// END_STREAM". Header blocks use HPACK literals without indexing, which
/// every decoder must accept; response header blocks are not decoded.
/// </summary>
public static class RawHttp2Exchange
{
    private const int StreamId = 1;
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    public static async Task<IReadOnlyList<Http2Frame>> SendAsync(Uri address, string path, byte[] body, params (string Name, string Value)[] extraHeaders)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();

        var headers = new List<(string, string)>
        {
            (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", address.Authority),
            ("content-type", "application/grpc"), ("te", "trailers"),
        };
        headers.AddRange(extraHeaders);

        await stream.WriteAsync(Preface, timeout.Token);
        await WriteFrameAsync(stream, Http2Frame.Settings, 0, 0, [], timeout.Token);
        await WriteFrameAsync(stream, Http2Frame.Headers, Http2Frame.EndHeaders, StreamId, EncodeHeaderBlock(headers), timeout.Token);
        await WriteFrameAsync(stream, Http2Frame.Data, Http2Frame.EndStream, StreamId, body, timeout.Token);

        var frames = new List<Http2Frame>();
        while (true)
        {
            var frame = await ReadFrameAsync(stream, timeout.Token);
            if (frame.Type == Http2Frame.Settings && (frame.Flags & Http2Frame.Ack) == 0)
            {
                await WriteFrameAsync(stream, Http2Frame.Settings, Http2Frame.Ack, 0, [], timeout.Token);
            }
            if (frame.StreamId == StreamId)
            {
                frames.Add(frame);
                if (frame.HasEndStream || frame.Type == Http2Frame.RstStream)
                {
                    return frames;
                }
            }
            if (frame.Type == Http2Frame.GoAway)
            {
                return frames;
            }
        }
    }

    private static byte[] EncodeHeaderBlock(IEnumerable<(string Name, string Value)> headers)
    {
        var block = new List<byte>();
        foreach (var (name, value) in headers)
        {
            // RFC 7541 6.2.2: literal header field without indexing, new name; lengths < 127, no Huffman.
            block.Add(0x00);
            block.Add((byte)name.Length);
            block.AddRange(Encoding.ASCII.GetBytes(name));
            block.Add((byte)value.Length);
            block.AddRange(Encoding.ASCII.GetBytes(value));
        }
        return [.. block];
    }

    private static async Task WriteFrameAsync(NetworkStream stream, byte type, byte flags, int streamId, byte[] payload, CancellationToken ct)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        await stream.WriteAsync(frame, ct);
    }

    private static async Task<Http2Frame> ReadFrameAsync(NetworkStream stream, CancellationToken ct)
    {
        var header = new byte[9];
        await stream.ReadExactlyAsync(header, ct);
        var length = (header[0] << 16) | (header[1] << 8) | header[2];
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct);
        return new Http2Frame(header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7FFFFFFF, payload);
    }
}
