using System.IO.Pipelines;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The response stream of a server call: each message is framed straight
/// into Kestrel's body pipe and flushed, so it leaves in DATA frames at once.
/// </summary>
internal sealed class HttpContextStreamWriter<T> : IServerStreamWriter<T>, ICallCancellationObserver
    where T : class, IMessage<T>
{
    private readonly ServerCallContext _context;
    private readonly PipeWriter _writer;
    // The options rather than copies of two settings: one field fewer per open stream.
    private readonly GrpcServerOptions _options;
    private int _writing;
    private volatile bool _completed;

    public HttpContextStreamWriter(ServerCallContext context, GrpcServerOptions options)
    {
        _context = context;
        _writer = context.HttpContext.Response.BodyWriter;
        _options = options;
        // A flush held back by HTTP/2 flow control must not outlive the call.
        // The context calls back directly: a token registration would be one
        // more object an idle stream holds for its whole life.
        context.SetCancellationObserver(this);
    }

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("Cannot write a message: the call is complete.");
        }
        _context.CancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            throw new InvalidOperationException("Only one write can be pending at a time.");
        }
        try
        {
            var size = message.CalculateSize();
            var maxMessageSize = _options.MaxSendMessageSize;
            if (size > maxMessageSize)
            {
                throw TransportErrors.Exception(
                    StatusCode.ResourceExhausted,
                    TransportErrorReason.MessageTooLarge,
                    $"Sending a response message larger than max ({size} vs. {maxMessageSize}).",
                    _options.ErrorInfoDomain);
            }
            LengthPrefixedMessage.Write(_writer, message, size);
            var result = await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled || _context.CancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(_context.CancellationToken);
            }
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    /// <summary>Refuses later writes; the handler has returned.</summary>
    public void Complete()
    {
        _completed = true;
    }

    /// <summary>Cancels a flush held back by flow control; nothing to do once the handler has returned.</summary>
    public void OnCallCancelled()
    {
        if (!_completed && Volatile.Read(ref _writing) == 1)
        {
            _writer.CancelPendingFlush();
        }
    }
}
