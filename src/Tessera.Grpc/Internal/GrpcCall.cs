using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>
/// One client call over SocketsHttpHandler. The call ends exactly once, in
/// <see cref="Finish"/>; whoever gets there first (trailers, a transport
/// error, the caller's token, the deadline timer, Dispose, a local protocol
/// check) decides the status, and every later operation reports that status.
/// <code>
///   Start -> SendAsync (HEADERS [+ DATA + END_STREAM]) -> response headers
///     -> Trailers-Only: status from headers, done
///     -> else messages via LengthPrefixedMessageReader until EOF -> trailers -> status
/// </code>
/// A non-OK end cancels the HTTP/2 stream (RST_STREAM CANCEL) if it is still open.
/// </summary>
internal sealed partial class GrpcCall<TRequest, TResponse> : IGrpcCallState
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private const int CauseNone = 0;
    private const int CauseCaller = 1;
    private const int CauseDeadline = 2;
    private const int CauseDisposed = 3;

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly bool _singleResponse;
    private readonly Action<GrpcTraceEvent>? _trace;
    private readonly CancellationTokenSource _callCts = new();
    private readonly TaskCompletionSource<Metadata> _headers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _callerRegistration;
    private ITimer? _deadlineTimer;
    private DateTime? _deadline;
    private int _cancelCause;
    private Status? _status;
    private Metadata? _trailers;
    private HttpResponseMessage? _response;
    private PipeReader? _pipeReader;
    private LengthPrefixedMessageReader<TResponse>? _reader;
    private Task _receiveHeaders = Task.CompletedTask;
    private int _responsesRead;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        _singleResponse = method.Type is MethodType.Unary or MethodType.ClientStreaming;
        _trace = channel.Options.Trace;
    }

    public Task<Metadata> ResponseHeadersAsync => _headers.Task;

    /// <summary>The request body of a client-streaming or duplex call; null otherwise.</summary>
    public StreamingRequestContent? RequestContent { get; private set; }

    public CancellationToken CallToken => _callCts.Token;

    public bool IsFinished
    {
        get
        {
            lock (_lock)
            {
                return _status is not null;
            }
        }
    }

    public string MethodName => _method.FullName;

    public int MaxSendMessageSize => _channel.Options.MaxSendMessageSize;

    /// <summary>Starts the call; <paramref name="request"/> is null for a streaming request.</summary>
    public void Start(TRequest? request)
    {
        if (_options.CancellationToken.IsCancellationRequested)
        {
            Cancel(CauseCaller);
            return;
        }

        TimeSpan? timeout = null;
        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            _deadline = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : DateTime.SpecifyKind(deadline, DateTimeKind.Utc);
            timeout = _deadline.Value - Now().UtcDateTime;
            if (timeout <= TimeSpan.Zero)
            {
                // Already past: fail locally without sending anything.
                Cancel(CauseDeadline);
                return;
            }
        }

        HttpContent content;
        if (request is not null)
        {
            var size = request.CalculateSize();
            if (size > _channel.Options.MaxSendMessageSize)
            {
                Finish(SendTooLarge(size), new Metadata());
                return;
            }
            content = new UnaryRequestContent(request, size);
        }
        else
        {
            content = RequestContent = new StreamingRequestContent();
        }
        content.Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);

        var httpRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = httpRequest.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        if (timeout is { } t)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(t));
        }
        headers.TryAddWithoutValidation("user-agent", GrpcProtocol.UserAgent);
        if (_options.Headers is { } metadata)
        {
            MetadataWire.WriteTo(metadata, headers);
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            _callerRegistration = _options.CancellationToken.UnsafeRegister(
                static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(CauseCaller), this);
        }
        if (timeout is { } due)
        {
            _deadlineTimer = _channel.Options.TimeProvider.CreateTimer(
                static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(CauseDeadline), this, due, Timeout.InfiniteTimeSpan);
        }

        if (_trace is not null)
        {
            Trace(GrpcTraceEventKind.RequestHeaders, headers: TraceHeaders(httpRequest));
            if (request is not null)
            {
                Trace(GrpcTraceEventKind.RequestMessage, message: request);
                Trace(GrpcTraceEventKind.RequestCompleted);
            }
        }

        _receiveHeaders = ReceiveHeadersAsync(httpRequest);
    }

    public Status GetStatus()
    {
        lock (_lock)
        {
            return _status ?? throw new InvalidOperationException("The call is not complete: its status is not known yet.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_lock)
        {
            return _trailers ?? throw new InvalidOperationException("The call is not complete: its trailers are not known yet.");
        }
    }

    public void Dispose() => Cancel(CauseDisposed);

    /// <summary>The next response message, or null at the end of an OK call; throws <see cref="RpcException"/> otherwise.</summary>
    public async Task<TResponse?> ReadNextAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(CauseCaller), this)
            : default;
        try
        {
            await _receiveHeaders.ConfigureAwait(false);
            if (_reader is null || IsFinished)
            {
                return EndOfStream();
            }
            var message = await _reader.ReadAsync(_callCts.Token).ConfigureAwait(false);
            if (message is not null)
            {
                if (_singleResponse && ++_responsesRead > 1)
                {
                    throw TransportErrors.Exception(
                        StatusCode.Internal, TransportErrorReason.BadResponseCardinality,
                        "The server sent more than one response message for a single-response method.", TransportErrorReason.DefaultDomain);
                }
                Trace(GrpcTraceEventKind.ResponseMessage, message: message);
                return message;
            }

            // EOF: only now are the trailers complete (TrailingHeaders fills in as the body ends).
            await _pipeReader!.CompleteAsync().ConfigureAwait(false);
            var response = _response!;
            if (_trace is not null)
            {
                Trace(GrpcTraceEventKind.ResponseTrailers, headers: RawHeaders(response.TrailingHeaders));
            }
            var status = StatusWire.TryRead(response.TrailingHeaders)
                ?? new Status(StatusCode.Internal, "The server closed the stream without sending a grpc-status trailer.");
            Finish(CheckCardinality(status), MetadataWire.FromHttpHeaders(response.TrailingHeaders));
            return EndOfStream();
        }
        catch (Exception ex) when (ex is not RpcException || !IsFinished)
        {
            Finish(StatusFromException(ex), new Metadata());
            return EndOfStream();
        }
    }

    /// <summary>The single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> ReadSingleResponseAsync()
    {
        var response = await ReadNextAsync(CancellationToken.None).ConfigureAwait(false);
        // The end of the stream must follow; a second message or a failing status throws here.
        var extra = await ReadNextAsync(CancellationToken.None).ConfigureAwait(false);
        System.Diagnostics.Debug.Assert(extra is null, "A second message fails the call inside ReadNextAsync.");
        return response ?? throw new RpcException(GetStatus(), GetTrailers());
    }

    /// <summary>Fails the call because of something this client detected (e.g. a message over the send limit).</summary>
    public RpcException FailLocally(Status status)
    {
        Finish(status, new Metadata());
        return new RpcException(GetStatus(), GetTrailers());
    }

    /// <summary>The exception that reports the call's end; call only once finished.</summary>
    public RpcException FinishedException() => new(GetStatus(), GetTrailers());

    public Status SendTooLarge(int size) => TransportErrors.Create(
        StatusCode.ResourceExhausted, TransportErrorReason.MessageTooLarge,
        $"Sending a request message larger than max ({size} vs. {_channel.Options.MaxSendMessageSize}).", TransportErrorReason.DefaultDomain);

    /// <summary>Maps any failure seen while the call ran to the status it ends with.</summary>
    public Status StatusFromException(Exception exception)
    {
        var cause = Volatile.Read(ref _cancelCause);
        if (cause != CauseNone)
        {
            return CancelStatus(cause);
        }
        if (exception is RpcException rpc)
        {
            return rpc.Status;
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException protocol)
            {
                // PROTOCOL-HTTP2.md, Errors: RST_STREAM code -> gRPC code.
                var code = protocol.ErrorCode switch
                {
                    0x7 => StatusCode.Unavailable,        // REFUSED_STREAM
                    0x8 => StatusCode.Cancelled,          // CANCEL
                    0xB => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
                    0xC => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
                    _ => StatusCode.Internal,
                };
                return new Status(code, protocol.Message);
            }
        }
        return exception switch
        {
            HttpRequestException or IOException => new Status(StatusCode.Unavailable, "Error talking to the server: " + exception.Message),
            OperationCanceledException or ObjectDisposedException => new Status(StatusCode.Cancelled, "The call was cancelled."),
            _ => new Status(StatusCode.Internal, "The call failed: " + exception.Message),
        };
    }

    /// <summary>Ends the call; the first caller wins. Returns whether this call ended it.</summary>
    public bool Finish(Status status, Metadata trailers)
    {
        if (status.Code == StatusCode.Cancelled && _deadline is { } deadline && Now().UtcDateTime >= deadline)
        {
            // PROTOCOL-HTTP2.md, Client Cancellation: a CANCELLED past the deadline is reported as DEADLINE_EXCEEDED.
            status = CancelStatus(CauseDeadline);
            trailers = new Metadata();
        }
        HttpResponseMessage? response;
        lock (_lock)
        {
            if (_status is not null)
            {
                return false;
            }
            _status = status;
            _trailers = trailers;
            response = _response;
        }

        if (_headers.TrySetException(new RpcException(status, trailers)))
        {
            // Nobody may ever ask for the headers of a failed call; do not let that surface as unobserved.
            _ = _headers.Task.Exception;
        }
        _deadlineTimer?.Dispose();
        _callerRegistration.Unregister();
        if (status.Code != StatusCode.OK)
        {
            // Cancels SendAsync and any pending read; disposing the response resets the stream if it is still open.
            _callCts.Cancel();
        }
        RequestContent?.Abort();
        response?.Dispose();
        Trace(GrpcTraceEventKind.Completed, status: status);
        return true;
    }

    private async Task ReceiveHeadersAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _channel.Invoker.SendAsync(request, _callCts.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (_status is not null)
                {
                    response.Dispose();
                    return;
                }
                _response = response;
            }
            if (_trace is not null)
            {
                Trace(GrpcTraceEventKind.ResponseHeaders, headers: TraceHeaders(response));
            }

            // Trailers-Only: the status came in the only HEADERS frame.
            if (StatusWire.TryRead(response.Headers) is { } trailersOnly)
            {
                var metadata = MetadataWire.FromHttpHeaders(response.Headers);
                _headers.TrySetResult(metadata);
                Finish(CheckCardinality(trailersOnly), metadata);
                return;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var code = (int)response.StatusCode;
                Finish(new Status(GrpcProtocol.FromHttpStatus(code), $"Bad gRPC response. HTTP status code: {code}"), new Metadata());
                return;
            }
            var contentType = response.Content.Headers.NonValidated.TryGetValues("content-type", out var values) ? values.ToString() : null;
            if (!GrpcProtocol.IsGrpcContentType(contentType))
            {
                Finish(new Status(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: {contentType}"), new Metadata());
                return;
            }

            var body = await response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false);
            _pipeReader = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true));
            _reader = new LengthPrefixedMessageReader<TResponse>(
                _pipeReader,
                _method.ResponseParser,
                _channel.Options.MaxReceiveMessageSize,
                TransportErrorReason.DefaultDomain,
                "response");
            _headers.TrySetResult(MetadataWire.FromHttpHeaders(response.Headers));
        }
        catch (Exception ex)
        {
            Finish(StatusFromException(ex), new Metadata());
        }
    }

    private TResponse? EndOfStream()
    {
        var status = GetStatus();
        if (status.Code != StatusCode.OK)
        {
            throw new RpcException(status, GetTrailers());
        }
        return null;
    }

    /// <summary>A single-response method that ended OK without its message did not follow the protocol.</summary>
    private Status CheckCardinality(Status status) =>
        status.Code == StatusCode.OK && _singleResponse && _responsesRead == 0
            ? TransportErrors.Create(
                StatusCode.Internal, TransportErrorReason.BadResponseCardinality,
                "The server ended a single-response call with OK but no response message.", TransportErrorReason.DefaultDomain)
            : status;

    private void Cancel(int cause)
    {
        if (Interlocked.CompareExchange(ref _cancelCause, cause, CauseNone) == CauseNone)
        {
            Finish(CancelStatus(cause), new Metadata());
        }
    }

    private static Status CancelStatus(int cause) => cause == CauseDeadline
        ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded.")
        : new Status(StatusCode.Cancelled, cause == CauseDisposed ? "The call was disposed." : "The call was cancelled by the client.");

    private DateTimeOffset Now() => _channel.Options.TimeProvider.GetUtcNow();
}
