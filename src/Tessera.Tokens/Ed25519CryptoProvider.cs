using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens;

/// <summary>
/// Teaches an IdentityModel <see cref="CryptoProviderFactory"/> EdDSA (which
/// IdentityModel 8 lacks): set as its <see cref="CryptoProviderFactory.CustomCryptoProvider"/>,
/// it answers for <c>EdDSA</c> with an <see cref="Ed25519SecurityKey"/> and
/// leaves every other algorithm to IdentityModel.
/// </summary>
public sealed class Ed25519CryptoProvider : ICryptoProvider
{
    /// <summary>
    /// A new factory that knows EdDSA and caches no providers: the caller
    /// owns the providers it creates (the default factory's process-wide
    /// cache would keep keys alive after their owner disposed them).
    /// </summary>
    public static CryptoProviderFactory CreateFactory() => new()
    {
        CustomCryptoProvider = new Ed25519CryptoProvider(),
        CacheSignatureProviders = false,
    };

    /// <inheritdoc />
    public bool IsSupportedAlgorithm(string algorithm, params object[] args) =>
        algorithm == JwsAlgorithms.EdDSA && args is [Ed25519SecurityKey, ..] && Ed25519.IsSupported;

    /// <inheritdoc />
    /// <remarks>IdentityModel passes the key and then whether signatures will be created.</remarks>
    public object Create(string algorithm, params object[] args) => args switch
    {
        [Ed25519SecurityKey key, bool willCreateSignatures, ..] => new Ed25519SignatureProvider(key, algorithm, willCreateSignatures),
        [Ed25519SecurityKey key] => new Ed25519SignatureProvider(key, algorithm, willCreateSignatures: false),
        _ => throw new ArgumentException("EdDSA needs an Ed25519SecurityKey.", nameof(args)),
    };

    /// <inheritdoc />
    public void Release(object cryptoInstance)
    {
        if (cryptoInstance is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
