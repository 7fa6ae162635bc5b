using Google.Protobuf;
using Google.Protobuf.Reflection;
using Tessera.Grpc;

namespace Tessera.Conformance.Target;

/// <summary>
/// Writes trace events as the report shows them: one line per step,
/// <c>&gt;&gt;</c> for what the suite sent, <c>&lt;&lt;</c> for what the target answered.
/// </summary>
internal static class WireText
{
    // The registry lets google.rpc.Status print the ErrorInfo inside its Any details.
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default
        .WithFormatDefaultValues(false)
        .WithTypeRegistry(TypeRegistry.FromMessages(Google.Rpc.ErrorInfo.Descriptor)));

    public static List<string> Lines(IEnumerable<GrpcTraceEvent> events)
    {
        var lines = new List<string>();
        foreach (var e in events)
        {
            var method = e.Method[(e.Method.LastIndexOf('/') + 1)..];
            var line = e.Kind switch
            {
                GrpcTraceEventKind.RequestHeaders => $">> {e.Method} HEADERS {Headers(e.Headers)}",
                GrpcTraceEventKind.RequestMessage => $">> {method} MESSAGE {Message(e.Message)}",
                GrpcTraceEventKind.RequestCompleted => $">> {method} END_STREAM",
                GrpcTraceEventKind.ResponseHeaders => $"<< {method} HEADERS {Headers(e.Headers)}",
                GrpcTraceEventKind.ResponseMessage => $"<< {method} MESSAGE {Message(e.Message)}",
                GrpcTraceEventKind.ResponseTrailers => $"<< {method} TRAILERS {Headers(e.Headers)}",
                _ => $"== {method} STATUS {Status(e.Status)}",
            };
            lines.Add(line);
        }

        return lines;
    }

    private static string Headers(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var parts = new List<string>(headers.Count);
        foreach (var (key, value) in headers)
        {
            parts.Add(key + ": " + (value.Length > 300 ? value[..300] + "..." : value));
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private static string Message(IMessage? message)
    {
        if (message is null)
        {
            return "(none)";
        }

        var text = Json.Format(message);
        return text.Length > 2000 ? text[..2000] + "..." : text;
    }

    private static string Status(Status? status)
    {
        if (status is null)
        {
            return "(none)";
        }

        var details = ErrorDetails.From(status.Details);
        return AnswerText.Describe(status.Code, details, status.Detail)
            + (details.Present ? " " + Json.Format(status.Details!) : "");
    }
}
