using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>One request, one response.</summary>
internal sealed class UnaryServerCallHandler<TRequest, TResponse> : ServerCallHandler<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly UnaryServerMethod<TRequest, TResponse> _handler;

    public UnaryServerCallHandler(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler, GrpcServerOptions options, ILogger logger, CancellationToken shutdown)
        : base(method, options, logger, shutdown) => _handler = handler;

    protected override bool ReadsSingleRequest => true;

    protected override async Task InvokeAsync(TRequest request, ServerCallContext context, HttpContextStreamWriter<TResponse> writer)
    {
        var response = await _handler(request, context).ConfigureAwait(false);
        if (context.Status.Code == StatusCode.OK)
        {
            await writer.WriteAsync(response ?? throw new InvalidOperationException("The handler returned a null response."), context.CancellationToken).ConfigureAwait(false);
        }
    }
}
