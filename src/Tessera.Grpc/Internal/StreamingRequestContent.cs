using System.Net;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The body of a client-streaming or duplex request. SocketsHttpHandler hands
/// us the HTTP/2 request stream through <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/>
/// and sends END_STREAM when that task completes, so the task stays pending
/// until the writer completes (or the call ends).
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request stream, once the handler has started sending the body.</summary>
    public Task<Stream> Stream => _stream.Task;

    /// <summary>Ends the request stream normally (END_STREAM).</summary>
    public void Complete() => _complete.TrySetResult();

    /// <summary>Abandons the request stream; the call is over.</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _complete.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        using (cancellationToken.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetCanceled(), _complete))
        {
            await _complete.Task.ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
