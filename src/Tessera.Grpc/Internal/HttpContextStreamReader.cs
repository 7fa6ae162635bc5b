using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>The request stream of a server call, read from Kestrel's body pipe.</summary>
internal sealed class HttpContextStreamReader<T> : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private readonly ServerCallContext _context;
    private readonly LengthPrefixedMessageReader<T> _reader;
    private T? _current;

    public HttpContextStreamReader(ServerCallContext context, MessageParser<T> parser, GrpcServerOptions options)
    {
        _context = context;
        _reader = new LengthPrefixedMessageReader<T>(
            context.HttpContext.Request.BodyReader, parser, options.MaxReceiveMessageSize, options.ErrorInfoDomain, "request");
    }

    /// <summary>The last message read; null before the first.</summary>
    public T Current => _current!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var message = await ReadAsync(cancellationToken).ConfigureAwait(false);
        _current = message;
        return message is not null;
    }

    /// <summary>The next message or null at the end of the stream.</summary>
    public async ValueTask<T?> ReadAsync(CancellationToken cancellationToken)
    {
        var callToken = _context.CancellationToken;
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callToken)
            : null;
        try
        {
            return await _reader.ReadAsync(linked?.Token ?? callToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Kestrel fails the body with IOException when the client resets
            // the stream; the call token fires for the same reset.
            throw new OperationCanceledException("The client reset the request stream.", ex, callToken);
        }
        catch (Microsoft.AspNetCore.Connections.ConnectionAbortedException ex)
        {
            throw new OperationCanceledException("The connection was aborted.", ex, callToken);
        }
    }
}
