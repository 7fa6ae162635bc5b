using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens;

/// <summary>
/// An Ed25519 key (JWK kty OKP, RFC 8037) as an IdentityModel
/// <see cref="SecurityKey"/>: IdentityModel 8 has no EdDSA, so this key and
/// <see cref="Ed25519SignatureProvider"/> plug <see cref="Ed25519"/> (the
/// platform's OpenSSL) into its <see cref="CryptoProviderFactory"/> through
/// <see cref="Ed25519CryptoProvider"/>.
/// </summary>
public sealed class Ed25519SecurityKey : AsymmetricSecurityKey
{
    private readonly byte[] _publicKey;
    private readonly byte[]? _privateKey;

    /// <summary>A verification key from its 32-byte public key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public Ed25519SecurityKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Ed25519.PublicKeySize} bytes; got {publicKey.Length}.", nameof(publicKey));
        }

        _publicKey = publicKey.ToArray();
    }

    private Ed25519SecurityKey(byte[] publicKey, byte[] privateKey)
    {
        _publicKey = publicKey;
        _privateKey = privateKey;
    }

    /// <summary>Always 256.</summary>
    public override int KeySize => Ed25519.PublicKeySize * 8;

    /// <inheritdoc />
    [Obsolete("HasPrivateKey is obsolete in IdentityModel; use PrivateKeyStatus.")]
    public override bool HasPrivateKey => _privateKey is not null;

    /// <inheritdoc />
    public override PrivateKeyStatus PrivateKeyStatus => _privateKey is null ? PrivateKeyStatus.DoesNotExist : PrivateKeyStatus.Exists;

    /// <summary>The public key bytes (not a copy: callers only read it).</summary>
    internal ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>The private key (RFC 8032 seed), or empty for a verification key.</summary>
    internal ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>A signing key from its 32-byte private key (seed); the public half is derived.</summary>
    /// <exception cref="PlatformNotSupportedException">When <see cref="Ed25519.IsSupported"/> is false.</exception>
    public static Ed25519SecurityKey FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Ed25519.PrivateKeySize)
        {
            throw new ArgumentException($"An Ed25519 private key is {Ed25519.PrivateKeySize} bytes; got {privateKey.Length}.", nameof(privateKey));
        }

        return new Ed25519SecurityKey(Ed25519.GetPublicKey(privateKey), privateKey.ToArray());
    }
}
