using Tessera.Grpc.Internal;

namespace Tessera.Grpc;

/// <summary>A running bidirectional call; the two streams are independent.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IGrpcCallState _call;

    internal AsyncDuplexStreamingCall(IGrpcCallState call, IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseStream = responseStream;
    }

    /// <summary>The request stream; call <see cref="IClientStreamWriter{T}.CompleteAsync"/> to half-close.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response messages; MoveNext throws <see cref="RpcException"/> when the call fails.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The response headers; faults with <see cref="RpcException"/> when the call fails before any.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The final status; throws <see cref="InvalidOperationException"/> before the call is complete.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers; throws <see cref="InvalidOperationException"/> before the call is complete.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Cancels the call if it is still running (status CANCELLED, RST_STREAM sent).</summary>
    public void Dispose() => _call.Dispose();
}
