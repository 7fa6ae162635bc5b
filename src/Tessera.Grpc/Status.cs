namespace Tessera.Grpc;

/// <summary>
/// The outcome of a call: the code sent as <c>grpc-status</c>, the text sent
/// (percent-encoded) as <c>grpc-message</c>, and the optional rich details sent
/// as <c>grpc-status-details-bin</c>.
/// </summary>
public sealed class Status
{
    /// <summary>The OK status with no detail.</summary>
    public static readonly Status Ok = new(StatusCode.OK, string.Empty);

    /// <summary>Creates a status.</summary>
    /// <param name="code">The gRPC status code.</param>
    /// <param name="detail">Human-readable text; empty for none. Never null.</param>
    /// <param name="details">Rich details; null (the default) sends no <c>grpc-status-details-bin</c>.</param>
    public Status(StatusCode code, string detail, Google.Rpc.Status? details = null)
    {
        ArgumentNullException.ThrowIfNull(detail);
        Code = code;
        Detail = detail;
        Details = details;
    }

    /// <summary>The status code.</summary>
    public StatusCode Code { get; }

    /// <summary>The status message; empty when none was sent.</summary>
    public string Detail { get; }

    /// <summary>The <c>google.rpc.Status</c> carried in <c>grpc-status-details-bin</c>, or null.</summary>
    public Google.Rpc.Status? Details { get; }

    /// <inheritdoc />
    public override string ToString() =>
        Details is null
            ? $"Status(StatusCode=\"{Code}\", Detail=\"{Detail}\")"
            : $"Status(StatusCode=\"{Code}\", Detail=\"{Detail}\", Details={Details})";
}
