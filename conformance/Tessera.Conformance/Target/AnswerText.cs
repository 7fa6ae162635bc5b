using Grpc.Core;

namespace Tessera.Conformance.Target;

/// <summary>How reports write a status: the wire names, the reason and the metadata that matter.</summary>
internal static class AnswerText
{
    public static string Describe(StatusCode code, ErrorDetails error, string detail)
    {
        if (code == StatusCode.OK)
        {
            return "OK";
        }

        var text = CodeName(code);
        if (!error.Present)
        {
            return text + " (no ErrorInfo)" + (detail.Length > 0 ? $" \"{Truncate(detail)}\"" : "");
        }

        text += " " + (error.Reason ?? "(no reason)");
        if (error.EndReason is { } end)
        {
            text += " end_reason=" + end;
        }

        return text;
    }

    /// <summary>The canonical upper-snake name: UNAUTHENTICATED, FAILED_PRECONDITION...</summary>
    public static string CodeName(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
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
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
