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
    private CancellationTokenRegistration _shutdownRegistration;
    private ITimer? _deadlineTimer;
    private int _cancelReason;
    private Status _status = Status.Ok;
    private string? _peer;

    internal ServerCallContext(HttpContext httpContext, string method, CancellationToken shutdown)
    {
        HttpContext = httpContext;
        Method = method;
        RequestHeaders = MetadataWire.FromRequestHeaders(httpContext.Request.Headers);
        CancellationToken = _cancellation.Token;
        _abortRegistration = httpContext.RequestAborted.UnsafeRegister(
            static state => ((ServerCallContext)state!).Cancel(CallCancelReason.ClientAborted), this);
        if (shutdown.CanBeCanceled)
        {
            _shutdownRegistration = shutdown.UnsafeRegister(
                static state => ((ServerCallContext)state!).Cancel(CallCancelReason.ServerShutdown), this);
        }
    }

    /// <summary>The method's full name, e.g. <c>/tessera.v1.SessionService/StartSession</c>.</summary>
    public string Method { get; }

    /// <summary>The request's custom metadata (reserved headers removed).</summary>
    public Metadata RequestHeaders { get; }

    /// <summary>When the call's <c>grpc-timeout</c> runs out (UTC), or null when the client set none.</summary>
    public DateTime? Deadline { get; private set; }

    /// <summary>Fires when the client cancels or resets the stream, the deadline passes, or the server shuts down.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Trailers sent with the status; add to it before the handler returns.</summary>
    public Metadata ResponseTrailers { get; } = new();

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

    /// <summary>Starts the deadline timer for a parsed <c>grpc-timeout</c> (TRN-4).</summary>
    internal void StartDeadline(TimeSpan timeout, TimeProvider timeProvider)
    {
        Deadline = timeProvider.GetUtcNow().UtcDateTime + timeout;
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
        _shutdownRegistration.Dispose();
    }

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
