namespace Tessera.Tokens;

/// <summary>
/// Ways to write a public key as bytes. Key-confusion tokens (TOK-3) use each
/// of them as an HMAC secret, since a careless verifier might hand any of them
/// to HMAC.
/// </summary>
public enum PublicKeyFormat
{
    /// <summary>The UTF-8 text of a "PUBLIC KEY" PEM block.</summary>
    Pem,

    /// <summary>The DER SubjectPublicKeyInfo.</summary>
    SubjectPublicKeyInfo,

    /// <summary>The UTF-8 text of the public JWK.</summary>
    Jwk,

    /// <summary>RSA: the modulus; EC: 0x04 || x || y; Ed25519: the 32 key bytes.</summary>
    Raw,
}
