using Google.Protobuf.WellKnownTypes;
using Google.Rpc;

namespace Tessera.Grpc.Internal;

/// <summary>Builds the statuses the transport produces itself, each with one ErrorInfo (TRN-9).</summary>
internal static class TransportErrors
{
    public static Status Create(StatusCode code, string reason, string message, string domain)
    {
        var details = new Google.Rpc.Status
        {
            Code = (int)code,
            Message = message,
            // Google.Api.CommonProtos 2.0.0 still names field 1 of ErrorInfo
            // "type"; it is the same field (string, number 1) later renamed "reason".
            Details = { Any.Pack(new ErrorInfo { Type = reason, Domain = domain }) },
        };
        return new Status(code, message, details);
    }

    public static RpcException Exception(StatusCode code, string reason, string message, string domain) =>
        new(Create(code, reason, message, domain));
}
