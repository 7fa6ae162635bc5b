using System.Runtime.CompilerServices;
using Tessera.Grpc.Internal;

namespace Tessera.Grpc;

/// <summary>A running unary call. Await it (or <see cref="ResponseAsync"/>) for the response.</summary>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly IGrpcCallState _call;

    internal AsyncUnaryCall(IGrpcCallState call, Task<TResponse> responseAsync)
    {
        _call = call;
        ResponseAsync = responseAsync;
    }

    /// <summary>The response; faults with <see cref="RpcException"/> when the call fails.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The response headers (for a Trailers-Only answer, its metadata); faults with <see cref="RpcException"/> when the call fails before any.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The final status; throws <see cref="InvalidOperationException"/> before the call is complete.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers; throws <see cref="InvalidOperationException"/> before the call is complete.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Lets <c>await call</c> give the response.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>Cancels the call if it is still running (status CANCELLED, RST_STREAM sent).</summary>
    public void Dispose() => _call.Dispose();
}
