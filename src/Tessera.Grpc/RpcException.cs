namespace Tessera.Grpc;

/// <summary>
/// A call that ended with a non-OK status. Thrown by the client for every
/// failure (never a raw <see cref="HttpRequestException"/>), and thrown by a
/// server handler to end its call with this status, details and trailers.
/// </summary>
public class RpcException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The status of the call.</param>
    /// <param name="trailers">Trailers to send (server) or that were received (client); null means none.</param>
    public RpcException(Status status, Metadata? trailers = null)
        : base(status?.ToString())
    {
        ArgumentNullException.ThrowIfNull(status);
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    /// <summary>The status of the call.</summary>
    public Status Status { get; }

    /// <summary>The status code, a shortcut for <c>Status.Code</c>.</summary>
    public StatusCode StatusCode => Status.Code;

    /// <summary>The trailers; empty when none.</summary>
    public Metadata Trailers { get; }
}
