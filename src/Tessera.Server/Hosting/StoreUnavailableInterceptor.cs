using Grpc.Core;
using Grpc.Core.Interceptors;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Storage;

namespace Tessera.Server.Hosting;

/// <summary>
/// Turns <see cref="SessionStoreUnavailableException"/>, thrown by a shared store from
/// any handler, into UNAVAILABLE / STORE_UNAVAILABLE with its ErrorInfo (issue 11; ERR-1),
/// in one place rather than in every handler.
/// </summary>
internal sealed class StoreUnavailableInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (SessionStoreUnavailableException e)
        {
            throw Unavailable(e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (SessionStoreUnavailableException e)
        {
            throw Unavailable(e);
        }
    }

    private static RpcException Unavailable(SessionStoreUnavailableException e) =>
        new TesseraError(ErrorReasons.StoreUnavailable, e.Message).ToRpcException();
}
