using System.Buffers.Binary;

namespace Tessera.Conformance.Clients.Tests.Faults;

/// <summary>
/// Fault: an HTTP handler between the client and the network that rewrites
/// gRPC messages: each request message (<c>RewriteRequest</c>) and each
/// response message (<c>RewriteResponse</c>; null drops the message), by
/// method name. Trailers pass untouched, so the client still sees the real
/// status.
/// </summary>
internal sealed class GrpcRewritingHandler : DelegatingHandler
{
    public GrpcRewritingHandler()
        : base(new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = true })
    {
    }

    public Func<string, byte[], byte[]>? RewriteRequest { get; init; }

    public Func<string, byte[], byte[]?>? RewriteResponse { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.RequestUri!.AbsolutePath.Split('/')[^1];
        if (RewriteRequest is { } rewriteRequest && request.Content is { } original)
        {
            var body = await original.ReadAsByteArrayAsync(cancellationToken);
            var rewritten = new ByteArrayContent(Frame(rewriteRequest(method, Unframe(body))));
            foreach (var header in original.Headers)
            {
                rewritten.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            rewritten.Headers.ContentLength = null;
            request.Content = rewritten;
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (RewriteResponse is { } rewriteResponse)
        {
            response.Content = new FrameRewritingContent(response.Content, message => rewriteResponse(method, message));
        }

        return response;
    }

    internal static byte[] Frame(byte[] message)
    {
        var framed = new byte[message.Length + 5];
        BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1, 4), message.Length);
        message.CopyTo(framed, 5);
        return framed;
    }

    private static byte[] Unframe(byte[] body) =>
        body.Length < 5 ? [] : body.AsSpan(5, BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1, 4))).ToArray();
}
