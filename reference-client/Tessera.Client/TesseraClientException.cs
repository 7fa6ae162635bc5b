using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Client;

/// <summary>
/// Every failure the client reports: a server answer (its status code,
/// ErrorInfo reason and recommended action, SPEC.md ERR-1 to ERR-5), a
/// transport failure (reason <see cref="TesseraErrorReasons.Transport"/>), or
/// a condition the client detected itself (<see cref="IsLocal"/>). The client
/// never lets a raw <see cref="HttpRequestException"/> or
/// <see cref="RpcException"/> escape.
/// </summary>
public sealed class TesseraClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The gRPC status code of the answer (or the closest one for a local error).</param>
    /// <param name="reason">The ErrorInfo reason, e.g. <c>TOKEN_EXPIRED</c>; see <see cref="TesseraErrorReasons"/>.</param>
    /// <param name="action">What the app should do next.</param>
    /// <param name="message">A message for people.</param>
    /// <param name="endReason">For <c>SESSION_TERMINATED</c>: why the session ended (ERR-5); otherwise null.</param>
    /// <param name="isLocal">True when the client raised it without an answer from the server.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public TesseraClientException(
        StatusCode statusCode,
        string reason,
        TesseraErrorAction action,
        string message,
        SessionEndReason? endReason = null,
        bool isLocal = false,
        Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(reason);
        StatusCode = statusCode;
        Reason = reason;
        Action = action;
        EndReason = endReason;
        IsLocal = isLocal;
    }

    /// <summary>The status the server answered, which SPEC.md pairs with <see cref="Reason"/> (ERR-2); for a local error the closest one.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The reason, e.g. <c>TOKEN_EXPIRED</c> (see <see cref="TesseraErrorReasons"/>).</summary>
    public string Reason { get; }

    /// <summary>What the app should do next, from the answer's <c>action</c> metadata (ERR-3): fix the request, refresh the token, start a new session, or nothing.</summary>
    public TesseraErrorAction Action { get; }

    /// <summary>For <c>SESSION_TERMINATED</c>, why the session ended, from the answer's <c>end_reason</c> metadata (ERR-5); otherwise null.</summary>
    public SessionEndReason? EndReason { get; }

    /// <summary>True when the client raised it itself (no server answer).</summary>
    public bool IsLocal { get; }

    /// <summary>
    /// True for failures worth retrying later as they are: transport errors
    /// without an ErrorInfo (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ...) and
    /// the server's <c>SERVER_SHUTTING_DOWN</c> / <c>WATCHER_LAGGING</c> / <c>STORE_UNAVAILABLE</c>.
    /// </summary>
    public bool IsTransient => Reason switch
    {
        ErrorReasons.ServerShuttingDown or ErrorReasons.WatcherLagging or ErrorReasons.StoreUnavailable => true,
        TesseraErrorReasons.Transport => StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted
            or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Cancelled,
        _ => false,
    };
}
