using Google.Rpc;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Client.Internal;

/// <summary>
/// The one place that turns what a call ended with into a
/// <see cref="TesseraClientException"/>, and that classifies errors for the
/// client's own decisions (refresh, stop, retry).
/// </summary>
internal static class ClientErrors
{
    private const string Domain = ErrorReasons.Domain;

    /// <summary>Reads the ErrorInfo from <c>grpc-status-details-bin</c> (ERR-1) when there is one.</summary>
    public static TesseraClientException FromRpc(RpcException exception)
    {
        var status = exception.Status;
        ErrorInfo? info = null;
        if (exception.GetRpcStatus() is { } details)
        {
            foreach (var any in details.Details)
            {
                if (any.TryUnpack<ErrorInfo>(out var candidate) && candidate.Domain == Domain)
                {
                    info = candidate;
                    break;
                }
            }
        }

        var message = string.IsNullOrEmpty(status.Detail) ? $"The call failed with {status.StatusCode}." : status.Detail;
        if (info is null)
        {
            var action = status.StatusCode is StatusCode.Unimplemented or StatusCode.InvalidArgument ? TesseraErrorAction.FixRequest : TesseraErrorAction.None;
            return new TesseraClientException(status.StatusCode, TesseraErrorReasons.Transport, action, message, innerException: exception);
        }

        var reason = info.Reason;
        var endReason = info.Metadata.TryGetValue("end_reason", out var end) ? ParseEndReason(end) : null;
        var parsedAction = info.Metadata.TryGetValue("action", out var text) ? ParseAction(text) : TesseraErrorAction.None;
        return new TesseraClientException(status.StatusCode, reason, parsedAction, message, endReason, innerException: exception);
    }

    /// <summary>Maps any exception from a call to the typed one; cancellation passes through.</summary>
    public static Exception Wrap(Exception exception) => exception switch
    {
        TesseraClientException or OperationCanceledException or ObjectDisposedException => exception,
        RpcException rpc => FromRpc(rpc),
        _ => new TesseraClientException(StatusCode.Unknown, TesseraErrorReasons.Transport, TesseraErrorAction.None, exception.Message, innerException: exception),
    };

    public static TesseraClientException NoSession(string? detail = null) => new(
        StatusCode.FailedPrecondition,
        TesseraErrorReasons.NoSession,
        TesseraErrorAction.StartNewSession,
        detail ?? "This client holds no live session. Start one with StartSessionAsync.",
        isLocal: true);

    public static TesseraClientException ProviderFailed(string message, Exception? inner = null) => new(
        StatusCode.Unauthenticated,
        TesseraErrorReasons.TokenProviderFailed,
        TesseraErrorAction.StartNewSession,
        message,
        isLocal: true,
        innerException: inner);

    /// <summary>TOKEN_EXPIRED, whether typed already or still an <see cref="RpcException"/>.</summary>
    public static bool IsTokenExpired(Exception exception) => exception switch
    {
        TesseraClientException typed => typed.Reason == ErrorReasons.TokenExpired,
        RpcException rpc => FromRpc(rpc).Reason == ErrorReasons.TokenExpired,
        _ => false,
    };

    /// <summary>
    /// Answers that mean the server no longer holds the session live: terminated
    /// (END-3), unknown (SES-6), or terminated by this very update (UPD-2, UPD-3).
    /// </summary>
    public static bool EndsSession(TesseraClientException exception) => exception.Reason is
        ErrorReasons.SessionTerminated or ErrorReasons.SessionNotFound
        or ErrorReasons.RolesMismatch or ErrorReasons.IdentityMismatch;

    /// <summary>The end reason implied by an answer that ended the session.</summary>
    public static SessionEndReason? EndReasonOf(TesseraClientException exception) => exception.Reason switch
    {
        ErrorReasons.RolesMismatch => SessionEndReason.RolesMismatch,
        ErrorReasons.IdentityMismatch => SessionEndReason.IdentityMismatch,
        _ => exception.EndReason,
    };

    public static TesseraErrorAction ParseAction(string text) => text switch
    {
        ErrorActions.RefreshToken => TesseraErrorAction.RefreshToken,
        ErrorActions.StartNewSession => TesseraErrorAction.StartNewSession,
        ErrorActions.FixRequest => TesseraErrorAction.FixRequest,
        _ => TesseraErrorAction.None,
    };

    /// <summary>A defined end reason other than UNSPECIFIED (ERR-5), or null.</summary>
    public static SessionEndReason? ParseEndReason(string text) =>
        EndReasonNames.TryParse(text, out var reason) && reason != SessionEndReason.Unspecified ? reason : null;
}
