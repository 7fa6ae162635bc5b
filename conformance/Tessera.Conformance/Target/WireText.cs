using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

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

    public static List<string> Lines(IEnumerable<WireEvent> events)
    {
        var lines = new List<string>();
        foreach (var e in events)
        {
            var method = e.Method[(e.Method.LastIndexOf('/') + 1)..];
            var line = e.Kind switch
            {
                WireEventKind.RequestHeaders => $">> {e.Method} HEADERS {Headers(e.Headers)}",
                WireEventKind.RequestMessage => $">> {method} MESSAGE {Message(e.Message)}",
                WireEventKind.RequestCompleted => $">> {method} END_STREAM",
                WireEventKind.ResponseHeaders => $"<< {method} HEADERS {Headers(e.Headers)}",
                WireEventKind.ResponseMessage => $"<< {method} MESSAGE {Message(e.Message)}",
                WireEventKind.ResponseTrailers => $"<< {method} TRAILERS {Headers(e.Headers)}",
                _ => $"== {method} STATUS {Status(e)}",
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
            return "(does not parse as the method's message)";
        }

        var text = Json.Format(message);
        return text.Length > 2000 ? text[..2000] + "..." : text;
    }

    private static string Status(WireEvent e)
    {
        if (e.Code is not { } code)
        {
            return "(none) " + e.Detail;
        }

        var details = ErrorDetails.From(e.Details);
        return AnswerText.Describe(code, details, e.Detail)
            + (details.Present ? " " + Json.Format(e.Details!) : "");
    }
}
