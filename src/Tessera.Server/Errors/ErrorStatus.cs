using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Tessera.Grpc;
using Tessera.Protocol.V1;
using GrpcStatus = Tessera.Grpc.Status;

namespace Tessera.Server.Errors;

/// <summary>
/// Turns a <see cref="TesseraError"/> into the status a handler throws: the code
/// from <see cref="ErrorCatalog"/>, and a google.rpc.Status carrying exactly one
/// ErrorInfo with domain, reason, action and, for SESSION_TERMINATED, end_reason
/// (ERR-1, ERR-2, ERR-3, ERR-5). The only place such statuses are built.
/// </summary>
public static class ErrorStatus
{
    public static RpcException ToRpcException(this TesseraError error) => new(ToStatus(error));

    public static GrpcStatus ToStatus(this TesseraError error)
    {
        var code = ErrorCatalog.StatusCodeOf(error.Reason);
        var info = new ErrorInfo
        {
            Domain = ErrorCatalog.Domain,
            // Google.Api.CommonProtos 2.0.0 predates the rename of ErrorInfo field 1
            // from `type` to `reason`: same number and type, so this writes the
            // `reason` every current peer decodes.
            Type = ErrorCatalog.ReasonName(error.Reason),
        };
        info.Metadata.Add("action", ErrorCatalog.ActionName(ErrorCatalog.ActionOf(error.Reason)));
        if (error.Reason == ErrorReason.SessionTerminated)
        {
            info.Metadata.Add("end_reason", ErrorCatalog.EndReasonName(error.EndReason));
        }

        var details = new Google.Rpc.Status { Code = (int)code, Message = error.Message };
        details.Details.Add(Any.Pack(info));
        return new GrpcStatus(code, error.Message, details);
    }

    /// <summary>SESSION_TERMINATED for a session that ended with <paramref name="reason"/>.</summary>
    public static RpcException Terminated(SessionEndReason reason) => TesseraError.Terminated(reason).ToRpcException();
}
