using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ClientResponseStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private TResponse? _current;

    /// <summary>The last message read; null before the first.</summary>
    public TResponse Current => _current!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var message = await call.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        _current = message;
        return message is not null;
    }
}
