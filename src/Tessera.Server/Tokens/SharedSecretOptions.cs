namespace Tessera.Server.Tokens;

/// <summary>One HMAC shared secret the server verifies tokens with (TOK-3, TOK-4).</summary>
public sealed class SharedSecretOptions
{
    /// <summary>
    /// The <c>kid</c> tokens name this key by, matched exactly; at most 256
    /// characters. Null (the default) for a key that only kid-less tokens can
    /// select (TOK-4).
    /// </summary>
    public string? KeyId { get; set; }

    /// <summary>The secret, written as <see cref="Encoding"/> says. Required.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How <see cref="Secret"/> is written. Defaults to <see cref="SecretEncoding.Base64"/>.</summary>
    public SecretEncoding Encoding { get; set; } = SecretEncoding.Base64;

    /// <summary>
    /// The algorithms this secret may verify: HS256, HS384, HS512. Empty (the
    /// default) means HS256 only. The secret must be at least as long as the
    /// largest hash allowed (32, 48 or 64 bytes).
    /// </summary>
    public List<string> Algorithms { get; set; } = [];

    /// <summary>
    /// The secret's bytes, decoded as <see cref="Encoding"/> says: what the
    /// server verifies with, and what a tool must sign with.
    /// </summary>
    /// <exception cref="FormatException">The text is not valid in that encoding, or is empty.</exception>
    public byte[] GetSecretBytes() =>
        SigningKeyRing.DecodeSecret(Secret ?? "", Encoding) is { Length: > 0 } bytes
            ? bytes
            : throw new FormatException($"The shared secret{(KeyId is null ? "" : $" '{KeyId}'")} is not valid, non-empty {Encoding} text.");
}
