namespace Tessera.Testing;

/// <summary>
/// <see cref="TestKeys.Rsa"/> as a server reads it from configuration: a JWKS
/// file with its public half, deleted on dispose (the key itself is shared
/// and stays).
/// </summary>
public sealed class RsaKeyFiles : IDisposable
{
    public RsaKeyFiles() => File.WriteAllText(JwksPath, "{\"keys\":[" + Rsa.ToPublicJwk() + "]}");

    /// <summary>The key: <see cref="TestKeys.Rsa"/>.</summary>
    public Tokens.MintingKey Rsa => TestKeys.Rsa;

    /// <summary>A JWKS file with the RSA public key.</summary>
    public string JwksPath { get; } = Path.Combine(Path.GetTempPath(), "tessera-test-" + Guid.NewGuid().ToString("N") + ".jwks.json");

    public void Dispose() => File.Delete(JwksPath);
}
