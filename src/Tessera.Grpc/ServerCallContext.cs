using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Tessera.Grpc.Internal;

namespace Tessera.Grpc;

/// <summary>What a server handler knows about its call, and how it shapes the answer.</summary>
public sealed class ServerCallContext
{
    private readonly CancellationTokenSource _cancellation = new();
    private CancellationTokenRegistration _abortRegistration;
    private ITimer? _deadlineTimer;
    private int _cancelReason;
    // Ticks of the UTC deadline, 0 for none: half the size of a DateTime? field.
    private long _deadlineTicks;
    private Status _status = Status.Ok;
    private string? _peer;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private ICallCancellationObserver? _cancellationObserver;

    /// <remarks>Server shutdown reaches the call through <see cref="ServerShutdownRegistry"/>, which the caller adds it to.</remarks>
    internal ServerCallContext(HttpContext httpContext, string method)
    {
        HttpContext = httpContext;
        Method = method;
        _abortRegistration = httpContext.RequestAborted.UnsafeRegister(
            static state => ((ServerCallContext)state!).Cancel(CallCancelReason.ClientAborted), this);
    }

    /// <summary>The neighbours in its method's <see cref="ServerShutdownRegistry"/>; guarded by the registry's lock.</summary>
    internal ServerCallContext? ShutdownPrevious { get; set; }

    /// <inheritdoc cref="ShutdownPrevious"/>
    internal ServerCallContext? ShutdownNext { get; set; }

    /// <summary>The method's full name, e.g. <c>/tessera.v1.SessionService/StartSession</c>.</summary>
    public string Method { get; }

    /// <summary>
    /// The request's custom metadata (reserved headers removed). Built from
    /// the HTTP request headers on first read, since most handlers never look
    /// and a long-lived call would otherwise hold the copy for its whole life.
    /// </summary>
    public Metadata RequestHeaders
    {
        get
        {
            var headers = Volatile.Read(ref _requestHeaders);
            if (headers is not null)
            {
                return headers;
            }
            // Two first reads racing build two copies; every reader sees the one that won.
            headers = MetadataWire.FromRequestHeaders(HttpContext.Request.Headers);
            return Interlocked.CompareExchange(ref _requestHeaders, headers, null) ?? headers;
        }
    }

    /// <summary>When the call's <c>grpc-timeout</c> runs out (UTC), or null when the client set none.</summary>
    public DateTime? Deadline => _deadlineTicks == 0 ? null : new DateTime(_deadlineTicks, DateTimeKind.Utc);

    /// <summary>Fires when the client cancels or resets the stream, the deadline passes, or the server shuts down.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>
    /// Trailers sent with the status; add to it before the handler returns.
    /// Empty by default (created on first read, so calls that add none carry no collection).
    /// </summary>
    public Metadata ResponseTrailers
    {
        get
        {
            var trailers = Volatile.Read(ref _responseTrailers);
            if (trailers is not null)
            {
                return trailers;
            }
            trailers = new Metadata();
            return Interlocked.CompareExchange(ref _responseTrailers, trailers, null) ?? trailers;
        }
    }

    /// <summary>
    /// The status sent when the handler returns normally. Defaults to OK.
    /// Setting a non-OK status from a unary or client-streaming handler
    /// suppresses its response message. Throwing <see cref="RpcException"/> is the usual way to fail.
    /// </summary>
    public Status Status
    {
        get => _status;
        set => _status = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The client's address, e.g. <c>ipv4:127.0.0.1:50312</c> or <c>ipv6:[::1]:50312</c>.</summary>
    public string Peer => _peer ??= FormatPeer(HttpContext.Connection.RemoteIpAddress, HttpContext.Connection.RemotePort);

    /// <summary>The underlying ASP.NET Core request.</summary>
    public HttpContext HttpContext { get; }

    /// <summary>Why the call was cancelled, once it was.</summary>
    internal CallCancelReason CancelReason => (CallCancelReason)Volatile.Read(ref _cancelReason);

    /// <summary>The trailers a handler added, or null when it never touched <see cref="ResponseTrailers"/>.</summary>
    internal Metadata? ResponseTrailersOrNull => Volatile.Read(ref _responseTrailers);

    /// <summary>
    /// Sends the response headers now, with this metadata added. Allowed once,
    /// before the first message; throws <see cref="InvalidOperationException"/> after.
    /// </summary>
    public async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        var response = HttpContext.Response;
        if (response.HasStarted)
        {
            throw new InvalidOperationException("Response headers were already sent for this call.");
        }
        MetadataWire.WriteTo(responseHeaders, response.Headers);
        await response.StartAsync(CancellationToken).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the response headers now, with no custom metadata: the same as
    /// passing an empty <see cref="Metadata"/>, without allocating one. Allowed
    /// once, before the first message; throws <see cref="InvalidOperationException"/> after.
    /// </summary>
    public async Task WriteResponseHeadersAsync()
    {
        var response = HttpContext.Response;
        if (response.HasStarted)
        {
            throw new InvalidOperationException("Response headers were already sent for this call.");
        }
        await response.StartAsync(CancellationToken).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lets the response writer hear of cancellation without a registration of its own.</summary>
    internal void SetCancellationObserver(ICallCancellationObserver observer) =>
        Volatile.Write(ref _cancellationObserver, observer);

    /// <summary>Starts the deadline timer for a parsed <c>grpc-timeout</c> (TRN-4).</summary>
    internal void StartDeadline(TimeSpan timeout, TimeProvider timeProvider)
    {
        _deadlineTicks = (timeProvider.GetUtcNow().UtcDateTime + timeout).Ticks;
        if (timeout <= TimeSpan.Zero)
        {
            Cancel(CallCancelReason.Deadline);
            return;
        }
        _deadlineTimer = timeProvider.CreateTimer(
            static state => ((ServerCallContext)state!).Cancel(CallCancelReason.Deadline),
            this,
            timeout,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops the deadline timer once the handler is done; returns the cancel reason as of now.</summary>
    internal CallCancelReason StopDeadline()
    {
        _deadlineTimer?.Dispose();
        return CancelReason;
    }

    /// <summary>Releases timers and registrations once the call is over.</summary>
    internal void Complete()
    {
        _deadlineTimer?.Dispose();
        _abortRegistration.Dispose();
    }

    /// <summary>Cancels the call because the server is shutting down, unless it was cancelled already.</summary>
    internal void CancelForShutdown() => Cancel(CallCancelReason.ServerShutdown);

    private void Cancel(CallCancelReason reason)
    {
        // The first cause wins: a deadline that fires after the client reset is still a reset.
        if (Interlocked.CompareExchange(ref _cancelReason, (int)reason, (int)CallCancelReason.None) == (int)CallCancelReason.None)
        {
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The call already finished.
            }
            // After the token's own callbacks, where the writer's registration
            // (the first one made on the token) used to run.
            Volatile.Read(ref _cancellationObserver)?.OnCallCancelled();
        }
    }

    private static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6 } when address.IsIPv4MappedToIPv6 => $"ipv4:{address.MapToIPv4()}:{port}",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
