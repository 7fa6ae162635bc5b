namespace XunitInProcess;

/// <summary>How the example server is set up, including the one defect its failing test gives it.</summary>
public sealed record ExampleServerOptions
{
    /// <summary>The issuer its tokens would come from, reported in GetServerInfo.</summary>
    public string Issuer { get; init; } = "example-issuer";

    /// <summary>
    /// A known defect: protocol_versions without tessera.v1, which breaks INF-2
    /// (a MUST). Off by default.
    /// </summary>
    public bool OmitProtocolVersion { get; init; }
}
