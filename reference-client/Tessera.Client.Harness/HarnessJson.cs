using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Client.Harness;

/// <summary>The JSON shapes of the harness contract (conformance/docs/client-harness.md).</summary>
internal static class HarnessJson
{
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Session(Session session) => new()
    {
        ["session_id"] = session.SessionId,
        ["user_id"] = session.UserId,
        ["client_instance_id"] = session.ClientInstanceId,
        ["state"] = session.State.ToString(),
        ["expires_at"] = session.ExpiresAt is null ? null : Time(session.ExpiresAt.ToDateTimeOffset()),
        ["server_time"] = session.ServerTime is null ? null : Time(session.ServerTime.ToDateTimeOffset()),
    };

    public static JsonObject Error(Exception exception) => exception switch
    {
        TesseraClientException e => new JsonObject
        {
            ["code"] = CodeName(e.StatusCode),
            ["reason"] = e.Reason,
            ["action"] = ActionName(e.Action),
            ["end_reason"] = e.EndReason is { } end ? EndReasonName(end) : null,
            ["local"] = e.IsLocal,
            ["message"] = e.Message,
        },
        SessionAlreadyLiveException e => new JsonObject
        {
            ["code"] = "FAILED_PRECONDITION",
            ["reason"] = "SESSION_LIVE",
            ["action"] = ErrorActions.None,
            ["local"] = true,
            ["message"] = e.Message,
        },
        _ => new JsonObject
        {
            ["code"] = "UNKNOWN",
            ["reason"] = "CLIENT_ERROR",
            ["action"] = ErrorActions.None,
            ["local"] = true,
            ["message"] = exception.Message,
        },
    };

    public static string ActionName(TesseraErrorAction action) => action switch
    {
        TesseraErrorAction.RefreshToken => ErrorActions.RefreshToken,
        TesseraErrorAction.StartNewSession => ErrorActions.StartNewSession,
        TesseraErrorAction.FixRequest => ErrorActions.FixRequest,
        _ => ErrorActions.None,
    };

    public static string EndReasonName(SessionEndReason reason) => EndReasonNames.NameOf(reason);

    public static string KindName(TesseraSessionEventKind kind) => kind switch
    {
        TesseraSessionEventKind.TokenExpiring => "token_expiring",
        TesseraSessionEventKind.TokenExpired => "token_expired",
        TesseraSessionEventKind.TokenUpdated => "token_updated",
        _ => "terminated",
    };

    public static string StateName(TesseraClientState state) => state switch
    {
        TesseraClientState.Connecting => "connecting",
        TesseraClientState.Connected => "connected",
        TesseraClientState.Expired => "expired",
        TesseraClientState.Ended => "ended",
        _ => "disconnected",
    };

    /// <summary>UNAUTHENTICATED, PERMISSION_DENIED, ...: the names the gRPC status codes have in the protocol documents.</summary>
    public static string CodeName(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => "UNKNOWN",
    };
}
