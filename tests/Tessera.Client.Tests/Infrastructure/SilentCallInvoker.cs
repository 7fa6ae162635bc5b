using Grpc.Core;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// A call invoker for a server that never answers: every unary call stays
/// pending until its cancellation token fires, then fails CANCELLED as
/// Grpc.Net.Client reports a call the caller cancelled.
/// </summary>
internal sealed class SilentCallInvoker : CallInvoker
{
    public int Calls;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Interlocked.Increment(ref Calls);
        var answer = new TaskCompletionSource<TResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        options.CancellationToken.Register(() => answer.TrySetException(new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."))));
        return new AsyncUnaryCall<TResponse>(answer.Task, Task.FromResult(new Metadata()), () => Status.DefaultCancelled, () => [], () => answer.TrySetCanceled());
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException();

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException();
}
