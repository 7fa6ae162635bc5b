using System.Net;

namespace Tessera.Conformance.Clients.Tests.Faults;

/// <summary>A response body whose gRPC messages pass through a rewrite as they stream in.</summary>
internal sealed class FrameRewritingContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Func<byte[], byte[]?> _rewrite;

    public FrameRewritingContent(HttpContent inner, Func<byte[], byte[]?> rewrite)
    {
        _inner = inner;
        _rewrite = rewrite;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        Headers.ContentLength = null;
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new FrameRewritingStream(await _inner.ReadAsStreamAsync(cancellationToken), _rewrite);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var source = await CreateContentReadStreamAsync(CancellationToken.None);
        await source.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
