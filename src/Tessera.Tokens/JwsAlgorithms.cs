namespace Tessera.Tokens;

/// <summary>
/// The JWS <c>alg</c> values of the Tessera token profile (SPEC.md TOK-3) and
/// the facts about them that both signing and verifying need. Names are
/// case-sensitive, exactly as in RFC 7518 and RFC 8037.
/// </summary>
public static class JwsAlgorithms
{
    /// <summary>HMAC with SHA-256; shared secrets only, at least 32 bytes.</summary>
    public const string HS256 = "HS256";

    /// <summary>HMAC with SHA-384; shared secrets only, at least 48 bytes.</summary>
    public const string HS384 = "HS384";

    /// <summary>HMAC with SHA-512; shared secrets only, at least 64 bytes.</summary>
    public const string HS512 = "HS512";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256; RSA public keys of at least 2048 bits.</summary>
    public const string RS256 = "RS256";

    /// <summary>RSASSA-PSS with SHA-256 and a 32-byte salt; RSA public keys of at least 2048 bits.</summary>
    public const string PS256 = "PS256";

    /// <summary>ECDSA on P-256 with SHA-256, signature as r || s (64 bytes).</summary>
    public const string ES256 = "ES256";

    /// <summary>Ed25519 (RFC 8037); only where <see cref="Ed25519.IsSupported"/>.</summary>
    public const string EdDSA = "EdDSA";

    /// <summary>The HMAC algorithms, strongest last.</summary>
    public static IReadOnlyList<string> Hmac { get; } = [HS256, HS384, HS512];

    /// <summary>The public-key algorithms, <c>EdDSA</c> included even where this platform cannot run it.</summary>
    public static IReadOnlyList<string> PublicKey { get; } = [RS256, PS256, ES256, EdDSA];

    /// <summary>True for HS256, HS384 and HS512 (exact spelling).</summary>
    public static bool IsHmac(string algorithm) => algorithm is HS256 or HS384 or HS512;

    /// <summary>True for RS256, PS256, ES256 and EdDSA (exact spelling).</summary>
    public static bool IsPublicKey(string algorithm) => algorithm is RS256 or PS256 or ES256 or EdDSA;

    /// <summary>True for the unsecured <c>none</c> in any letter case (TOK-3 always refuses it).</summary>
    public static bool IsNone(string algorithm) => string.Equals(algorithm, "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The hash output size of an HMAC algorithm in bytes (32, 48, 64): also
    /// the shortest secret the server accepts for it (RFC 7518 section 3.2).
    /// </summary>
    public static int HmacSizeInBytes(string algorithm) => algorithm switch
    {
        HS256 => 32,
        HS384 => 48,
        HS512 => 64,
        _ => throw new ArgumentException($"'{algorithm}' is not an HMAC algorithm.", nameof(algorithm)),
    };
}
