namespace Tessera.Conformance.Clients.Server;

/// <summary>
/// One call that reached the instrumented server, in arrival order.
/// <see cref="Status"/> is filled in when the call ends (null while it runs).
/// </summary>
internal sealed class CallRecord
{
    public required long Index { get; init; }

    /// <summary>StartSession, GetSession, UpdateSessionToken, EndSession, WatchSession, GetServerInfo.</summary>
    public required string Method { get; init; }

    public required string SessionId { get; init; }

    public required string ClientInstanceId { get; init; }

    public required ulong ResumeAfterSeq { get; init; }

    /// <summary>The server's (test) clock when the call arrived.</summary>
    public required DateTimeOffset ServerTime { get; init; }

    /// <summary>True for the runner's own calls (another device, an admin); never judged.</summary>
    public required bool ByRunner { get; init; }

    /// <summary>The grpc-status the call ended with; null while it runs.</summary>
    public int? Status { get; set; }

    /// <summary>True when the call was answered with an error before any response message (a refusal).</summary>
    public bool Refused => Status is { } status && status != 0;

    public override string ToString() => $"#{Index} {Method}({SessionId}{(Method == "WatchSession" ? $", resume_after_seq={ResumeAfterSeq}" : string.Empty)}) -> {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "running"}";
}
