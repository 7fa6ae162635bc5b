using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>A request stream, one response.</summary>
internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly ClientStreamingServerMethod<TRequest, TResponse> _handler;

    public ClientStreamingServerCallHandler(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, CancellationToken shutdown)
        : base(method, options, logger, shutdown) => _handler = handler;

    protected override bool ReadsSingleRequest => false;

    protected override async Task InvokeAsync(ServerCallContext context, HttpContextStreamReader<TRequest> reader, HttpContextStreamWriter<TResponse> writer)
    {
        var response = await _handler(reader, context).ConfigureAwait(false);
        if (context.Status.Code == StatusCode.OK)
        {
            await writer.WriteAsync(response ?? throw new InvalidOperationException("The handler returned a null response."), context.CancellationToken).ConfigureAwait(false);
        }
    }
}
