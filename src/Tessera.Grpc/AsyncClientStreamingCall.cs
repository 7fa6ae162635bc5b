using System.Runtime.CompilerServices;
using Tessera.Grpc.Internal;

namespace Tessera.Grpc;

/// <summary>A running client-streaming call: write requests, complete, then await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly IGrpcCallState _call;

    internal AsyncClientStreamingCall(IGrpcCallState call, IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
    }

    /// <summary>The request stream.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; faults with <see cref="RpcException"/> when the call fails.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The response headers; faults with <see cref="RpcException"/> when the call fails before any.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.ResponseHeadersAsync;

    /// <summary>The final status; throws <see cref="InvalidOperationException"/> before the call is complete.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers; throws <see cref="InvalidOperationException"/> before the call is complete.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <summary>Lets <c>await call</c> give the response.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>Cancels the call if it is still running.</summary>
    public void Dispose() => _call.Dispose();
}
