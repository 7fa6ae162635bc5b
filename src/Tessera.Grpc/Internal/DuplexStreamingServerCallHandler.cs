using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>A request stream and a response stream; the handler starts at once.</summary>
internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly DuplexStreamingServerMethod<TRequest, TResponse> _handler;

    public DuplexStreamingServerCallHandler(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, CancellationToken shutdown)
        : base(method, options, logger, shutdown) => _handler = handler;

    protected override bool ReadsSingleRequest => false;

    protected override Task InvokeAsync(ServerCallContext context, HttpContextStreamReader<TRequest> reader, HttpContextStreamWriter<TResponse> writer) =>
        _handler(reader, writer, context);
}
