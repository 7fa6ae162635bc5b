using Tessera.Tokens;

namespace Tessera.Server.Tokens;

/// <summary>
/// An Ed25519 public key (JWK kty OKP) for EdDSA (TOK-3, RFC 8037), verified by
/// <see cref="Ed25519"/> over the platform's OpenSSL. Only constructed where
/// <see cref="Ed25519.IsSupported"/>.
/// </summary>
internal sealed class Ed25519SigningKey : SigningKey
{
    private readonly byte[] _publicKey;

    public Ed25519SigningKey(string? keyId, byte[] publicKey, JwsAlgorithm allowed)
        : base(keyId, allowed, JwsAlgorithm.EdDSA, keyId is null ? "Ed25519 public key" : $"Ed25519 public key '{keyId}'")
    {
        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"{Description} is {publicKey.Length} bytes; an Ed25519 public key is {Ed25519.PublicKeySize}.", nameof(publicKey));
        }

        _publicKey = publicKey;
    }

    public override bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) =>
        algorithm == JwsAlgorithm.EdDSA && Ed25519.Verify(_publicKey, signingInput, signature);
}
