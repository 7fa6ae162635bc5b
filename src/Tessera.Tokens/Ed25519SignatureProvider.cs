using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens;

/// <summary>
/// EdDSA (RFC 8037) for IdentityModel: signs and verifies with
/// <see cref="Ed25519"/>. Stateless apart from the key, so one instance is
/// safe to share between threads.
/// </summary>
public sealed class Ed25519SignatureProvider : SignatureProvider
{
    private readonly Ed25519SecurityKey _key;

    /// <exception cref="ArgumentException">The algorithm is not EdDSA.</exception>
    /// <exception cref="InvalidOperationException">Signing was asked of a key without its private half.</exception>
    public Ed25519SignatureProvider(Ed25519SecurityKey key, string algorithm, bool willCreateSignatures)
        : base(key, algorithm)
    {
        if (algorithm != JwsAlgorithms.EdDSA)
        {
            throw new ArgumentException($"An Ed25519 key signs only {JwsAlgorithms.EdDSA}, not '{algorithm}'.", nameof(algorithm));
        }

        if (willCreateSignatures && key.PrivateKeyStatus != PrivateKeyStatus.Exists)
        {
            throw new InvalidOperationException("This Ed25519 key has no private half, so it cannot sign.");
        }

        _key = key;
        WillCreateSignatures = willCreateSignatures;
    }

    /// <inheritdoc />
    public override byte[] Sign(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ed25519.Sign(PrivateKeyForSigning(), input);
    }

    /// <inheritdoc />
    public override byte[] Sign(byte[] input, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Ed25519.Sign(PrivateKeyForSigning(), input.AsSpan(offset, count));
    }

    /// <inheritdoc />
    public override bool Sign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < Ed25519.SignatureSize)
        {
            return false;
        }

        Ed25519.Sign(PrivateKeyForSigning(), data).CopyTo(destination);
        bytesWritten = Ed25519.SignatureSize;
        return true;
    }

    /// <inheritdoc />
    public override bool Verify(byte[] input, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signature);
        return Ed25519.Verify(_key.PublicKey, input, signature);
    }

    /// <inheritdoc />
    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(signature);
        return Ed25519.Verify(_key.PublicKey, input.AsSpan(inputOffset, inputLength), signature.AsSpan(signatureOffset, signatureLength));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Nothing to release: each call runs in its own OpenSSL context.
    }

    private ReadOnlySpan<byte> PrivateKeyForSigning() =>
        _key.PrivateKeyStatus == PrivateKeyStatus.Exists
            ? _key.PrivateKey
            : throw new InvalidOperationException("This Ed25519 key has no private half, so it cannot sign.");
}
