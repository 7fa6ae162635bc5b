using System.Net;

namespace Tessera.Conformance.Transport;

/// <summary>A request body that sends its bytes, then keeps the request stream open (no END_STREAM) until released, or until the target ends the stream.</summary>
internal sealed class HeldOpenContent(byte[] bytes, CancellationToken release) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, release);
        try
        {
            await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!release.IsCancellationRequested)
        {
            // HttpClient stops the request body when the target ends or resets the stream. Ending quietly
            // lets it report what the target sent (its trailers, or the RST_STREAM code) instead of this
            // cancellation, which would hide both.
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
