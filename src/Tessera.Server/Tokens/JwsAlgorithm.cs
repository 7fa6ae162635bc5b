namespace Tessera.Server.Tokens;

/// <summary>
/// The JWS algorithms the validator knows, as flags so that a key's allowlist
/// is one bitmask and "may this key verify this alg" one AND (TOK-3).
/// </summary>
[Flags]
internal enum JwsAlgorithm
{
    None = 0,
    HS256 = 1 << 0,
    HS384 = 1 << 1,
    HS512 = 1 << 2,
    RS256 = 1 << 3,
    PS256 = 1 << 4,
    ES256 = 1 << 5,
    EdDSA = 1 << 6,

    Hmac = HS256 | HS384 | HS512,
    Rsa = RS256 | PS256,
}
