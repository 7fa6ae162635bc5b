namespace Tessera.Server.Tokens;

/// <summary>
/// The token profile the server enforces (SPEC.md TOK): who may issue tokens,
/// for which audience, with which keys, and the time and size limits. Every
/// value here is what GetServerInfo reports (INF-1).
/// </summary>
public sealed class TokenValidationOptions
{
    /// <summary>The largest <see cref="MaxTokenBytes"/> allowed: 8192 (TOK-2 "never more").</summary>
    public const int MaxTokenBytesLimit = 8192;

    /// <summary>
    /// The smallest <see cref="MaxTokenBytes"/> allowed: 1, the bound INF-3
    /// names. A limit that no token of the deployment's own claims fits in is
    /// a poor choice, not an illegal one, and the profile matrix runs the
    /// server at the smallest limit its valid tokens fit in.
    /// </summary>
    public const int MinTokenBytesLimit = 1;

    /// <summary>The largest <see cref="ClockSkewLeeway"/> allowed: 60 s (TOK-12, INF-3).</summary>
    public static readonly TimeSpan MaxClockSkewLeeway = TimeSpan.FromSeconds(60);

    /// <summary>The issuers (app ids) whose tokens are accepted, matched exactly (TOK-6). At least one is required.</summary>
    public List<string> Issuers { get; set; } = [];

    /// <summary>The audience tokens must name in <c>aud</c> (TOK-7). Null or empty (the default): <c>aud</c> is not checked.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Clock skew allowed on <c>exp</c>, <c>nbf</c> and <c>iat</c> (TOK-12,
    /// TOK-13): 0 to 60 s. Defaults to 5 s: enough for NTP-synchronised
    /// clocks, and nowhere near the 5-minute default of common JWT libraries,
    /// which TOK-12 forbids.
    /// </summary>
    public TimeSpan ClockSkewLeeway { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest accepted <c>exp - iat</c> (TOK-11). Must be positive. Defaults to 24 h.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest accepted token, in bytes of its compact form (TOK-2): 1 to 8192. Defaults to 8192.</summary>
    public int MaxTokenBytes { get; set; } = MaxTokenBytesLimit;

    /// <summary>HMAC shared secrets (TOK-3). Empty by default.</summary>
    public List<SharedSecretOptions> SharedSecrets { get; set; } = [];

    /// <summary>
    /// A JWKS file (RFC 7517 section 5) with the public keys: RSA, EC P-256,
    /// OKP Ed25519 (TOK-3). Read once, when the validator is built. Null (the
    /// default) for none. At least one shared secret or a JWKS file is required.
    /// </summary>
    public string? JwksPath { get; set; }

    /// <summary>
    /// Every problem with the policy values (not the key material, which
    /// <see cref="SigningKeyRing.FromOptions"/> checks); empty when all is well.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = ValidatePolicy();
        if ((SharedSecrets is null || SharedSecrets.Count == 0) && string.IsNullOrEmpty(JwksPath))
        {
            problems.Add("No signing keys: configure SharedSecrets, JwksPath, or both (TOK-3).");
        }

        return problems;
    }

    /// <summary>The problems with everything but the key sources.</summary>
    internal List<string> ValidatePolicy()
    {
        var problems = new List<string>();
        if (Issuers is null || Issuers.Count == 0)
        {
            problems.Add("Issuers must list at least one issuer (app id) whose tokens are accepted (TOK-6).");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var issuer in Issuers)
            {
                if (string.IsNullOrEmpty(issuer))
                {
                    problems.Add("Issuers contains an empty issuer; every issuer is a non-empty app id (TOK-6).");
                }
                else if (issuer.Length > TokenValidator.MaxIssuerLength)
                {
                    problems.Add($"Issuer '{issuer[..32]}...' is {issuer.Length} characters; at most {TokenValidator.MaxIssuerLength} are allowed.");
                }
                else if (!seen.Add(issuer))
                {
                    problems.Add($"Issuers lists '{issuer}' twice.");
                }
            }
        }

        if (ClockSkewLeeway < TimeSpan.Zero || ClockSkewLeeway > MaxClockSkewLeeway)
        {
            problems.Add($"ClockSkewLeeway must be between 0 and 60 s (TOK-12); it is {ClockSkewLeeway.TotalSeconds} s.");
        }

        if (MaxTokenLifetime <= TimeSpan.Zero)
        {
            problems.Add($"MaxTokenLifetime must be positive (TOK-11); it is {MaxTokenLifetime}.");
        }

        if (MaxTokenBytes < MinTokenBytesLimit || MaxTokenBytes > MaxTokenBytesLimit)
        {
            problems.Add($"MaxTokenBytes must be between {MinTokenBytesLimit} and {MaxTokenBytesLimit} (TOK-2); it is {MaxTokenBytes}.");
        }

        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds any problem.</summary>
    /// <exception cref="TokenConfigurationException">Lists every problem.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new TokenConfigurationException(problems);
        }
    }
}
