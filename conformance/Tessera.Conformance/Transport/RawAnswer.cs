using System.Globalization;
using System.Net.Http.Headers;

namespace Tessera.Conformance.Transport;

/// <summary>
/// What the target did with one <see cref="RawRequest"/>, read below any gRPC
/// library: the HTTP status, where <c>grpc-status</c> came (response headers:
/// Trailers-Only; trailers), the raw <c>grpc-message</c> bytes, or how the
/// exchange broke (a reset stream, a closed connection, no answer in time).
/// </summary>
internal sealed record RawAnswer
{
    private static readonly string[] CodeNames =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    /// <summary>The HTTP status; null when no response came.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The response <c>content-type</c> as sent; null when none.</summary>
    public string? ContentType { get; init; }

    /// <summary>The <c>grpc-status</c> number; null when none came.</summary>
    public int? GrpcStatus { get; init; }

    /// <summary>The raw <c>grpc-message</c>, each byte one char (Latin-1); null when none came.</summary>
    public string? GrpcMessage { get; init; }

    /// <summary>True when <c>grpc-status</c> came in the response headers and the stream ended there: a Trailers-Only response.</summary>
    public bool TrailersOnly { get; init; }

    /// <summary>The response's <c>grpc-accept-encoding</c>; null when none.</summary>
    public string? AcceptEncoding { get; init; }

    /// <summary>Response body bytes (length-prefixed messages).</summary>
    public byte[] Body { get; init; } = [];

    /// <summary>The HTTP/2 error code of a RST_STREAM or GOAWAY that ended the exchange; null when none.</summary>
    public long? ResetCode { get; init; }

    /// <summary>Why no complete response came, in a few words; null when one did.</summary>
    public string? Broken { get; init; }

    /// <summary>True when nothing ended the exchange before the probe stopped waiting.</summary>
    public bool TimedOut { get; init; }

    /// <summary>How long the exchange took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The status name: <c>UNIMPLEMENTED</c>.</summary>
    public static string CodeName(int code) => code >= 0 && code < CodeNames.Length ? CodeNames[code] : "code " + code.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of an HTTP/2 error code (RFC 9113 section 7).</summary>
    public static string Http2ErrorName(long code) => code switch
    {
        0 => "NO_ERROR",
        1 => "PROTOCOL_ERROR",
        2 => "INTERNAL_ERROR",
        3 => "FLOW_CONTROL_ERROR",
        5 => "STREAM_CLOSED",
        6 => "FRAME_SIZE_ERROR",
        7 => "REFUSED_STREAM",
        8 => "CANCEL",
        11 => "ENHANCE_YOUR_CALM",
        _ => "error " + code.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a complete response: status from the headers (Trailers-Only) or from the trailers.</summary>
    public static RawAnswer From(HttpResponseMessage response, byte[] body, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headerStatus = Header(response.Headers, "grpc-status");
        var trailerStatus = Header(response.TrailingHeaders, "grpc-status");
        var inHeaders = headerStatus is not null;
        var status = headerStatus ?? trailerStatus;
        return new RawAnswer
        {
            HttpStatus = (int)response.StatusCode,
            ContentType = Header(response.Content.Headers, "content-type"),
            GrpcStatus = int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null,
            GrpcMessage = inHeaders ? Header(response.Headers, "grpc-message") : Header(response.TrailingHeaders, "grpc-message"),
            TrailersOnly = inHeaders && body.Length == 0 && Header(response.TrailingHeaders, "grpc-status") is null,
            AcceptEncoding = Header(response.Headers, "grpc-accept-encoding") ?? Header(response.TrailingHeaders, "grpc-accept-encoding"),
            Body = body,
            Elapsed = elapsed,
        };
    }

    /// <summary>True when the answer is a gRPC status equal to <paramref name="code"/>.</summary>
    public bool Is(int code) => GrpcStatus == code;

    /// <summary>One line for reports.</summary>
    public string Describe()
    {
        if (TimedOut)
        {
            return $"no answer within {Seconds(Elapsed)}";
        }

        if (Broken is { } broken)
        {
            return ResetCode is { } reset ? $"{broken} ({Http2ErrorName(reset)}) after {Seconds(Elapsed)}" : $"{broken} after {Seconds(Elapsed)}";
        }

        var parts = new List<string> { "HTTP " + HttpStatus?.ToString(CultureInfo.InvariantCulture) };
        if (GrpcStatus is { } code)
        {
            parts.Add((TrailersOnly ? "trailers-only " : "") + "grpc-status " + code.ToString(CultureInfo.InvariantCulture) + " " + CodeName(code));
        }
        else
        {
            parts.Add("no grpc-status");
        }

        if (GrpcMessage is { } message)
        {
            parts.Add("grpc-message \"" + message + "\"");
        }

        if (Body.Length > 0)
        {
            parts.Add(Body.Length.ToString(CultureInfo.InvariantCulture) + " body bytes");
        }

        return string.Join(", ", parts);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
