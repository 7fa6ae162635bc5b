using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>A client interceptor that records the full name of every call it sees, unary and streaming.</summary>
internal sealed class RecordingInterceptor : Interceptor
{
    private readonly Lock _gate = new();
    private readonly List<string> _methods = [];

    public IReadOnlyList<string> Methods
    {
        get
        {
            lock (_gate)
            {
                return [.. _methods];
            }
        }
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        Record(context.Method.FullName);
        return continuation(request, context);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        Record(context.Method.FullName);
        return continuation(request, context);
    }

    private void Record(string method)
    {
        lock (_gate)
        {
            _methods.Add(method);
        }
    }
}
