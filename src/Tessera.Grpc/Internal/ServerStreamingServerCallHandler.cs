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

    protected override async Task InvokeAsync(ServerCallContext context, HttpContextStreamReader<TRequest> reader, HttpContextStreamWriter<TResponse> writer)
    {
        var request = await ReadSingleRequestAsync(context, reader).ConfigureAwait(false);
        await _handler(request, writer, context).ConfigureAwait(false);
    }
}
