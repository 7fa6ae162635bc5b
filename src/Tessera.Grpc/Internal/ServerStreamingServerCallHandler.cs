using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>One request, a response stream.</summary>
internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly ServerStreamingServerMethod<TRequest, TResponse> _handler;

    public ServerStreamingServerCallHandler(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, CancellationToken shutdown)
        : base(method, options, logger, shutdown) => _handler = handler;

    protected override bool ReadsSingleRequest => true;

    // The handler's own task, unwrapped: see ServerCallHandler.RunCallAsync.
    protected override Task InvokeAsync(TRequest request, ServerCallContext context, HttpContextStreamWriter<TResponse> writer) =>
        _handler(request, writer, context);
}
