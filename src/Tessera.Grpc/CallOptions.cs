namespace Tessera.Grpc;

/// <summary>Per-call settings. <c>default</c> means no metadata, no deadline, no cancellation.</summary>
public readonly struct CallOptions
{
    /// <summary>Creates call options.</summary>
    /// <param name="headers">Custom request metadata; null for none.</param>
    /// <param name="deadline">When the call must end (UTC; a local time is converted); null or <see cref="DateTime.MaxValue"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call (status CANCELLED, RST_STREAM sent).</param>
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    /// <summary>Custom request metadata, or null.</summary>
    public Metadata? Headers { get; init; }

    /// <summary>The deadline (UTC), or null for none. Sent as <c>grpc-timeout</c> and enforced by a client timer too.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Cancels the call.</summary>
    public CancellationToken CancellationToken { get; init; }
}
