using Google.Protobuf;
using Grpc.Core;

namespace Tessera.Conformance.Target;

/// <summary>One step of a call as it crossed the wire (<c>--trace</c>), recorded by <see cref="WireTraceHandler"/>.</summary>
internal sealed record WireEvent(WireEventKind Kind, string Method)
{
    /// <summary>Header fields as on the wire (binary values base64); for the header kinds.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The decoded message, for the message kinds; null when it did not parse.</summary>
    public IMessage? Message { get; init; }

    /// <summary>For <see cref="WireEventKind.Completed"/>: the status code, or null when the stream broke without one.</summary>
    public StatusCode? Code { get; init; }

    /// <summary>For <see cref="WireEventKind.Completed"/>: grpc-message, or how the stream broke.</summary>
    public string Detail { get; init; } = "";

    /// <summary>For <see cref="WireEventKind.Completed"/>: the decoded grpc-status-details-bin, if any.</summary>
    public Google.Rpc.Status? Details { get; init; }
}
