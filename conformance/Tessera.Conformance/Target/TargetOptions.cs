namespace Tessera.Conformance.Target;

/// <summary>
/// Where the target is and what the suite needs to mint tokens it trusts.
/// Every signing setting is optional only in the sense that one of
/// <see cref="Hs256Secret"/>, <see cref="Hs256SecretBase64"/> or <see cref="SigningKeyPem"/> must be set.
/// </summary>
public sealed record TargetOptions
{
    /// <summary>The target's address: <c>http://host:port</c> (h2c) or <c>https://host:port</c> (TLS, ALPN h2). Required.</summary>
    public required Uri Address { get; init; }

    /// <summary>
    /// Further nodes of the same deployment (cluster mode): every node serves the
    /// same sessions, so each call of a generated sequence goes to a node the
    /// sequence's seed picks (ONE-1 across nodes, EVT-7 resume elsewhere). Empty
    /// (the default): one target, exactly as before.
    /// </summary>
    public IReadOnlyList<Uri> MoreNodes { get; init; } = [];

    /// <summary>Every node: <see cref="Address"/> first, then <see cref="MoreNodes"/>.</summary>
    public IReadOnlyList<Uri> Nodes => [Address, .. MoreNodes];

    /// <summary>Accept any TLS certificate (a self-signed test server). Defaults to false.</summary>
    public bool AllowUntrustedCertificate { get; init; }

    /// <summary>The issuer (<c>iss</c>) of minted tokens; null (the default) takes the first issuer the target reports.</summary>
    public string? Issuer { get; init; }

    /// <summary>The audience (<c>aud</c>) of minted tokens; null (the default) takes the audience the target reports.</summary>
    public string? Audience { get; init; }

    /// <summary>An HMAC secret the target trusts, as UTF-8 text, for HS256 tokens. Null by default.</summary>
    public string? Hs256Secret { get; init; }

    /// <summary>
    /// An HMAC secret the target trusts, base64-encoded (as configuration files
    /// often hold binary secrets), for HS256 tokens. Null by default; set at most
    /// one of this and <see cref="Hs256Secret"/>.
    /// </summary>
    public string? Hs256SecretBase64 { get; init; }

    /// <summary>A PEM private key the target trusts (with <see cref="Algorithm"/>). Null by default.</summary>
    public string? SigningKeyPem { get; init; }

    /// <summary>The algorithm of <see cref="SigningKeyPem"/>: ES256, RS256, PS256 or EdDSA. Defaults to ES256.</summary>
    public string Algorithm { get; init; } = "ES256";

    /// <summary>The <c>kid</c> written in minted tokens; null (the default) writes none.</summary>
    public string? KeyId { get; init; }

    /// <summary>Longest wait for one call before it counts as hung. Defaults to 10 s.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Shuts the target down, for the one check that needs it (EVT-7: open
    /// streams end with UNAVAILABLE). Null by default: that check is skipped.
    /// The embedded reference server and a target the CLI started (--server-command)
    /// provide it; a remote target cannot. It may bring the target back up
    /// (the launcher restarts the process), so later cases still find it.
    /// </summary>
    public Func<Task>? Shutdown { get; init; }

    /// <summary>
    /// Stops one node of a cluster (an index into <see cref="Nodes"/>), for the
    /// check that the other nodes take its timers over. Null by default: that
    /// check is skipped. An in-process cluster provides it; a remote one cannot.
    /// </summary>
    public Func<int, Task>? StopNode { get; init; }
}
