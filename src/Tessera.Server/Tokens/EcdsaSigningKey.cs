using System.Security.Cryptography;

namespace Tessera.Server.Tokens;

/// <summary>
/// A P-256 public key from the JWKS for ES256 (TOK-3). The JWS signature is
/// r || s, 64 bytes (RFC 7518 section 3.4), never DER.
/// </summary>
internal sealed class EcdsaSigningKey : SigningKey
{
    private const int SignatureSize = 64;

    private readonly ECDsa _ecdsa;

    public EcdsaSigningKey(string? keyId, ECDsa ecdsa, JwsAlgorithm allowed)
        : base(keyId, allowed, JwsAlgorithm.ES256, keyId is null ? "EC P-256 public key" : $"EC P-256 public key '{keyId}'")
    {
        _ecdsa = ecdsa;
    }

    public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if (algorithm != JwsAlgorithm.ES256 || signature.Length != SignatureSize)
        {
            return false;
        }

        try
        {
            return _ecdsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
