using System.Text;
using System.Text.Json;

namespace Tessera.Tokens;

/// <summary>
/// Writes JWK Sets (RFC 7517 section 5): the public halves of signing keys,
/// as a server's JWKS file. HMAC secrets are never written here; they are
/// configured as shared secrets.
/// </summary>
public static class JwksDocument
{
    /// <summary>The JWK Set JSON for the public halves of <paramref name="keys"/>, indented.</summary>
    /// <exception cref="InvalidOperationException">A key is an HMAC secret.</exception>
    public static string Serialize(IEnumerable<MintingKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in keys)
            {
                key.WritePublicJwk(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <see cref="Serialize"/> to <paramref name="path"/> (UTF-8, replacing any file).</summary>
    public static void WriteFile(string path, IEnumerable<MintingKey> keys) => File.WriteAllText(path, Serialize(keys));

    /// <summary>
    /// Writes a key pair for tools: the private key as PKCS#8 PEM at
    /// <paramref name="privateKeyPath"/> and a one-key JWKS at
    /// <paramref name="jwksPath"/>.
    /// </summary>
    public static void WriteKeyPair(MintingKey key, string privateKeyPath, string jwksPath)
    {
        ArgumentNullException.ThrowIfNull(key);
        File.WriteAllText(privateKeyPath, key.ExportPrivateKeyPem());
        WriteFile(jwksPath, [key]);
    }
}
