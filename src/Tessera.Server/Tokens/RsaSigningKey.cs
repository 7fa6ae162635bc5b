using System.Security.Cryptography;

namespace Tessera.Server.Tokens;

/// <summary>
/// An RSA public key from the JWKS for RS256 and PS256 (TOK-3); at least 2048
/// bits (RFC 7518 section 3.3).  One instance serves every request: each
/// verification runs in its own OpenSSL (or CNG) operation context, and the
/// key itself is never changed after import, which OpenSSL documents as safe
/// to share between threads.
/// </summary>
internal sealed class RsaSigningKey : SigningKey
{
    /// <summary>The smallest modulus accepted, in bits.</summary>
    public const int MinimumKeySizeInBits = 2048;

    private readonly RSA _rsa;

    /// <exception cref="ArgumentException">Too small a key or a non-RSA algorithm.</exception>
    public RsaSigningKey(string? keyId, RSA rsa, JwsAlgorithm allowed)
        : base(keyId, allowed, JwsAlgorithm.Rsa, $"RSA public key{(keyId is null ? "" : $" '{keyId}'")} ({rsa.KeySize} bits)")
    {
        if (rsa.KeySize < MinimumKeySizeInBits)
        {
            throw new ArgumentException($"{Description} is too small; RS256 and PS256 need at least {MinimumKeySizeInBits} bits.", nameof(rsa));
        }

        _rsa = rsa;
    }

    public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        var padding = algorithm switch
        {
            JwsAlgorithm.RS256 => RSASignaturePadding.Pkcs1,

            // Salt length = hash length, as RFC 7518 section 3.5 requires.
            JwsAlgorithm.PS256 => RSASignaturePadding.Pss,
            _ => null,
        };

        if (padding is null || signature.Length != _rsa.KeySize / 8)
        {
            return false;
        }

        try
        {
            return _rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
