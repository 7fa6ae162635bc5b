using System.Security.Cryptography;

namespace Tessera.Server.Tokens;

/// <summary>A shared secret for HS256/HS384/HS512 (TOK-3), compared in constant time (TOK-5).</summary>
internal sealed class HmacSigningKey : SigningKey
{
    private readonly byte[] _secret;

    /// <exception cref="ArgumentException">
    /// The allowlist has a non-HMAC algorithm, or the secret is shorter than
    /// the hash of an allowed algorithm (RFC 7518 section 3.2).
    /// </exception>
    public HmacSigningKey(string? keyId, byte[] secret, JwsAlgorithm allowed)
        : base(keyId, allowed, JwsAlgorithm.Hmac, keyId is null ? "HMAC secret" : $"HMAC secret '{keyId}'")
    {
        var needed = (allowed & JwsAlgorithm.HS512) != 0 ? 64 : (allowed & JwsAlgorithm.HS384) != 0 ? 48 : 32;
        if (secret.Length < needed)
        {
            throw new ArgumentException(
                $"{Description} is {secret.Length} bytes; {string.Join(", ", JwsAlgorithmNames.NamesOf(allowed))} needs at least {needed} bytes.",
                nameof(secret));
        }

        _secret = secret;
    }

    public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[64];
        var length = algorithm switch
        {
            JwsAlgorithm.HS256 => HMACSHA256.HashData(_secret, signingInput, expected),
            JwsAlgorithm.HS384 => HMACSHA384.HashData(_secret, signingInput, expected),
            JwsAlgorithm.HS512 => HMACSHA512.HashData(_secret, signingInput, expected),
            _ => -1,
        };

        // The length of a MAC is public; its bytes are compared in constant time (TOK-5).
        return length > 0
            && signature.Length == length
            && CryptographicOperations.FixedTimeEquals(expected[..length], signature);
    }
}
