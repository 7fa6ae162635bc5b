using Tessera.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Keys a mutant's server and the suite share when HS256 will not do (key confusion needs a public key).</summary>
internal sealed class MutantKeys : IDisposable
{
    public MintingKey Rsa { get; } = MintingKey.GenerateRsa("rsa-1");

    /// <summary>A JWKS file with the RSA public key, deleted on dispose.</summary>
    public string JwksPath { get; } = Path.Combine(Path.GetTempPath(), "tessera-mutant-" + Guid.NewGuid().ToString("N") + ".jwks.json");

    public MutantKeys() => File.WriteAllText(JwksPath, "{\"keys\":[" + Rsa.ToPublicJwk() + "]}");

    public void Dispose()
    {
        File.Delete(JwksPath);
        Rsa.Dispose();
    }
}
