using System.IO.Pipelines;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The response stream of a server call: each message is framed straight
/// into Kestrel's body pipe and flushed, so it leaves in DATA frames at once.
/// </summary>
internal sealed class HttpContextStreamWriter<T> : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private readonly ServerCallContext _context;
    private readonly PipeWriter _writer;
    private readonly int _maxMessageSize;
    private readonly string _errorDomain;
    private readonly CancellationTokenRegistration _cancelRegistration;
    private int _writing;
    private volatile bool _completed;

    public HttpContextStreamWriter(ServerCallContext context, GrpcServerOptions options)
    {
        _context = context;
        _writer = context.HttpContext.Response.BodyWriter;
        _maxMessageSize = options.MaxSendMessageSize;
        _errorDomain = options.ErrorInfoDomain;
        // A flush held back by HTTP/2 flow control must not outlive the call.
        _cancelRegistration = context.CancellationToken.UnsafeRegister(
            static state => ((HttpContextStreamWriter<T>)state!).OnCallCancelled(), this);
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
            if (size > _maxMessageSize)
            {
                throw TransportErrors.Exception(
                    StatusCode.ResourceExhausted,
                    TransportErrorReason.MessageTooLarge,
                    $"Sending a response message larger than max ({size} vs. {_maxMessageSize}).",
                    _errorDomain);
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
        _cancelRegistration.Dispose();
    }

    private void OnCallCancelled()
    {
        if (Volatile.Read(ref _writing) == 1)
        {
            _writer.CancelPendingFlush();
        }
    }
}
