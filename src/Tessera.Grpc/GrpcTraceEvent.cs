using Google.Protobuf;

namespace Tessera.Grpc;

/// <summary>One step of a call as seen on the client (see <see cref="GrpcChannelOptions.Trace"/>).</summary>
public sealed class GrpcTraceEvent
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoHeaders = [];

    internal GrpcTraceEvent(
        GrpcTraceEventKind kind,
        string method,
        DateTimeOffset timestamp,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null,
        IMessage? message = null,
        Status? status = null)
    {
        Kind = kind;
        Method = method;
        Timestamp = timestamp;
        Headers = headers ?? NoHeaders;
        Message = message;
        Status = status;
    }

    /// <summary>What happened.</summary>
    public GrpcTraceEventKind Kind { get; }

    /// <summary>The method's full name, e.g. <c>/tessera.v1.SessionService/StartSession</c>.</summary>
    public string Method { get; }

    /// <summary>When it happened, by the channel's clock.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>
    /// Raw header fields as on the wire (binary values still base64), for
    /// the headers and trailers kinds; empty otherwise. Pseudo-headers
    /// (<c>:method</c>, <c>:path</c>, <c>:status</c>, ...) come first.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The message, for the message kinds; null otherwise.</summary>
    public IMessage? Message { get; }

    /// <summary>The status, for <see cref="GrpcTraceEventKind.Completed"/>; null otherwise.</summary>
    public Status? Status { get; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        GrpcTraceEventKind.RequestMessage or GrpcTraceEventKind.ResponseMessage => $"{Method} {Kind} {Message}",
        GrpcTraceEventKind.Completed => $"{Method} {Kind} {Status}",
        _ => $"{Method} {Kind} [{string.Join(", ", Headers.Select(h => h.Key + ": " + h.Value))}]",
    };
}
