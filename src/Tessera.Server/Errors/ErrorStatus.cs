using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Server.Errors;

/// <summary>
/// Turns a <see cref="TesseraError"/> into the exception a handler throws: a
/// google.rpc.Status with the code from <see cref="ErrorCatalog"/> and exactly
/// one ErrorInfo with domain, reason, action and, for SESSION_TERMINATED,
/// end_reason (ERR-1, ERR-2, ERR-3, ERR-5), made into an <see cref="RpcException"/>
/// by Grpc.StatusProto (grpc-status-details-bin). The only place such statuses are built.
/// </summary>
internal static class ErrorStatus
{
    public static RpcException ToRpcException(this TesseraError error) => error.ToStatus().ToRpcException();

    public static Google.Rpc.Status ToStatus(this TesseraError error)
    {
        var info = new ErrorInfo
        {
            Domain = ErrorCatalog.Domain,
            Reason = error.Reason,
        };
        info.Metadata.Add("action", ErrorCatalog.ActionName(ErrorCatalog.ActionOf(error.Reason)));
        if (error.Reason == ErrorReasons.SessionTerminated)
        {
            info.Metadata.Add("end_reason", EndReasonNames.NameOf(error.EndReason));
        }

        var status = new Google.Rpc.Status { Code = (int)ErrorCatalog.StatusCodeOf(error.Reason), Message = error.Message };
        status.Details.Add(Any.Pack(info));
        return status;
    }

    /// <summary>SESSION_TERMINATED for a session that ended with <paramref name="reason"/>.</summary>
    public static RpcException Terminated(SessionEndReason reason) => TesseraError.Terminated(reason).ToRpcException();
}
