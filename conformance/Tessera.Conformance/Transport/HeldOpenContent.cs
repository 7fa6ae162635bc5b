using System.Net;

namespace Tessera.Conformance.Transport;

/// <summary>A request body that sends its bytes, then keeps the request stream open (no END_STREAM) until released or cancelled.</summary>
internal sealed class HeldOpenContent(byte[] bytes, CancellationToken release) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, release);
        // Ends only by cancellation: released by the probe once it has its answer, or the request is torn down.
        await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
