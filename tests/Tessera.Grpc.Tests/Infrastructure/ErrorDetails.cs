using Google.Rpc;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>Reads the one ErrorInfo a status carries.</summary>
public static class ErrorDetails
{
    public static ErrorInfo? ErrorInfoOf(Status? status)
    {
        if (status?.Details is not { } details)
        {
            return null;
        }
        foreach (var any in details.Details)
        {
            if (any.Is(ErrorInfo.Descriptor))
            {
                return any.Unpack<ErrorInfo>();
            }
        }
        return null;
    }

    /// <summary>The ErrorInfo reason (field 1, named <c>type</c> by the Google.Api.CommonProtos in use).</summary>
    public static string? ReasonOf(Status? status) => ErrorInfoOf(status)?.Type;
}
