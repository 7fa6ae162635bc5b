using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Tessera.Tokens;

namespace Tessera.Server.Tokens;

/// <summary>
/// A configured verification key: its <c>kid</c> (TOK-4), the algorithms it
/// may verify (TOK-3) and, per allowed algorithm, the IdentityModel
/// <see cref="SignatureProvider"/> that verifies it (TOK-5). The factories
/// accept only allowlists that fit the key type, so no token can make a key
/// act as another type (an HMAC keyed with an RSA public key's bytes is
/// impossible by construction, not by a check that could be forgotten).
/// </summary>
/// <remarks>
/// Providers are built once, here, and shared by every request: IdentityModel's
/// providers pool their hash and key objects and are documented thread-safe.
/// </remarks>
internal sealed class SigningKey
{
    /// <summary>The smallest RSA modulus accepted, in bits (RFC 7518 section 3.3).</summary>
    public const int MinimumRsaKeySizeInBits = 2048;

    // Per algorithm (by bit index): the provider, and the exact signature length.
    private readonly SignatureProvider?[] _providers = new SignatureProvider?[JwsAlgorithmNames.All.Length];
    private readonly int[] _signatureSizes = new int[JwsAlgorithmNames.All.Length];

    private SigningKey(string? keyId, JwsAlgorithm allowed, JwsAlgorithm fitsType, string description, SecurityKey securityKey)
    {
        if (allowed == JwsAlgorithm.None || (allowed & ~fitsType) != 0)
        {
            throw new ArgumentException(
                $"{description} can verify only {string.Join(", ", JwsAlgorithmNames.NamesOf(fitsType))}; " +
                $"it was configured for {string.Join(", ", JwsAlgorithmNames.NamesOf(allowed))}.",
                nameof(allowed));
        }

        KeyId = keyId;
        Allowed = allowed;
        Description = description;
        SecurityKey = securityKey;
        securityKey.KeyId = keyId;
    }

    /// <summary>The key id, matched exactly (ordinal); null for a key without one.</summary>
    public string? KeyId { get; }

    /// <summary>The algorithms this key may verify.</summary>
    public JwsAlgorithm Allowed { get; }

    /// <summary>For configuration messages: "HMAC secret 'k1'", "RSA public key 'r1' (2048 bits)".</summary>
    public string Description { get; }

    /// <summary>The key as IdentityModel knows it.</summary>
    public SecurityKey SecurityKey { get; }

    /// <summary>A shared secret for HS256/HS384/HS512 (TOK-3).</summary>
    /// <exception cref="ArgumentException">
    /// The allowlist has a non-HMAC algorithm, or the secret is shorter than
    /// the hash of an allowed algorithm (RFC 7518 section 3.2).
    /// </exception>
    public static SigningKey SharedSecret(string? keyId, byte[] secret, JwsAlgorithm allowed)
    {
        var securityKey = new SymmetricSecurityKey(secret);
        var key = new SigningKey(keyId, allowed, JwsAlgorithm.Hmac, keyId is null ? "HMAC secret" : $"HMAC secret '{keyId}'", securityKey);
        var needed = (allowed & JwsAlgorithm.HS512) != 0 ? 64 : (allowed & JwsAlgorithm.HS384) != 0 ? 48 : 32;
        if (secret.Length < needed)
        {
            throw new ArgumentException(
                $"{key.Description} is {secret.Length} bytes; {string.Join(", ", JwsAlgorithmNames.NamesOf(allowed))} needs at least {needed} bytes.",
                nameof(secret));
        }

        key.AddProviders(algorithm => (
            new SharedSecretSignatureProvider(securityKey, JwsAlgorithmNames.NameOf(algorithm), secret),
            algorithm switch { JwsAlgorithm.HS256 => 32, JwsAlgorithm.HS384 => 48, _ => 64 }));
        return key;
    }

    /// <summary>An RSA public key for RS256 and PS256 (TOK-3); at least 2048 bits.</summary>
    /// <exception cref="ArgumentException">Too small a key or a non-RSA algorithm.</exception>
    public static SigningKey Rsa(string? keyId, RsaSecurityKey securityKey, JwsAlgorithm allowed, CryptoProviderFactory factory)
    {
        var bits = securityKey.KeySize;
        var key = new SigningKey(keyId, allowed, JwsAlgorithm.Rsa, $"RSA public key{(keyId is null ? "" : $" '{keyId}'")} ({bits} bits)", securityKey);
        if (bits < MinimumRsaKeySizeInBits)
        {
            throw new ArgumentException($"{key.Description} is too small; RS256 and PS256 need at least {MinimumRsaKeySizeInBits} bits.", nameof(securityKey));
        }

        key.AddProviders(algorithm => (factory.CreateForVerifying(securityKey, JwsAlgorithmNames.NameOf(algorithm)), bits / 8));
        return key;
    }

    /// <summary>
    /// A P-256 public key for ES256 (TOK-3). The JWS signature is r || s, 64
    /// bytes (RFC 7518 section 3.4), never DER.
    /// </summary>
    public static SigningKey EcdsaP256(string? keyId, ECDsaSecurityKey securityKey, JwsAlgorithm allowed, CryptoProviderFactory factory)
    {
        var key = new SigningKey(keyId, allowed, JwsAlgorithm.ES256, keyId is null ? "EC P-256 public key" : $"EC P-256 public key '{keyId}'", securityKey);
        key.AddProviders(algorithm => (factory.CreateForVerifying(securityKey, JwsAlgorithmNames.NameOf(algorithm)), 64));
        return key;
    }

    /// <summary>
    /// An Ed25519 public key for EdDSA (TOK-3, RFC 8037), verified through
    /// <see cref="Ed25519CryptoProvider"/> (the factory must carry it).
    /// </summary>
    public static SigningKey Ed25519(string? keyId, Ed25519SecurityKey securityKey, JwsAlgorithm allowed, CryptoProviderFactory factory)
    {
        var key = new SigningKey(keyId, allowed, JwsAlgorithm.EdDSA, keyId is null ? "Ed25519 public key" : $"Ed25519 public key '{keyId}'", securityKey);
        key.AddProviders(algorithm => (factory.CreateForVerifying(securityKey, JwsAlgorithmNames.NameOf(algorithm)), Tessera.Tokens.Ed25519.SignatureSize));
        return key;
    }

    /// <summary>
    /// True when <paramref name="signature"/> is a valid <paramref name="algorithm"/>
    /// signature of <paramref name="signingInput"/>. Never throws for bad
    /// input; the caller has already checked <see cref="Allowed"/>.
    /// </summary>
    public bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        var index = IndexOf(algorithm);
        var provider = _providers[index];

        // A signature's length is public; checking it first keeps IdentityModel
        // from throwing (and allocating) for the wrong length.
        if (provider is null || signingInput.IsEmpty || signature.Length != _signatureSizes[index])
        {
            return false;
        }

        // IdentityModel verifies arrays; pooled ones keep a refusal allocation-free.
        var input = ArrayPool<byte>.Shared.Rent(signingInput.Length);
        var signatureBytes = ArrayPool<byte>.Shared.Rent(signature.Length);
        try
        {
            signingInput.CopyTo(input);
            signature.CopyTo(signatureBytes);
            return provider.Verify(input, 0, signingInput.Length, signatureBytes, 0, signature.Length);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            // The input is a bearer credential: leave no copy in the shared pool.
            ArrayPool<byte>.Shared.Return(input, clearArray: true);
            ArrayPool<byte>.Shared.Return(signatureBytes);
        }
    }

    private static int IndexOf(JwsAlgorithm algorithm) => BitOperations.TrailingZeroCount((uint)algorithm);

    private void AddProviders(Func<JwsAlgorithm, (SignatureProvider Provider, int SignatureSize)> create)
    {
        foreach (var algorithm in JwsAlgorithmNames.All)
        {
            if ((Allowed & algorithm) != 0)
            {
                var index = IndexOf(algorithm);
                (_providers[index], _signatureSizes[index]) = create(algorithm);
            }
        }
    }
}
