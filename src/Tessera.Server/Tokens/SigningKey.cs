namespace Tessera.Server.Tokens;

/// <summary>
/// A configured verification key: its <c>kid</c> (TOK-4), the algorithms it
/// may verify (TOK-3) and the verification itself (TOK-5). Subclasses accept
/// only allowlists that fit their key type, so no token can make a key act as
/// another type (an HMAC keyed with an RSA public key's bytes is impossible by
/// construction, not by a check that could be forgotten).
/// </summary>
internal abstract class SigningKey
{
    protected SigningKey(string? keyId, JwsAlgorithm allowed, JwsAlgorithm fitsType, string description)
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
    }

    /// <summary>The key id, matched exactly (ordinal); null for a key without one.</summary>
    public string? KeyId { get; }

    /// <summary>The algorithms this key may verify.</summary>
    public JwsAlgorithm Allowed { get; }

    /// <summary>For configuration messages: "HMAC secret 'k1'", "RSA public key 'r1' (2048 bits)".</summary>
    public string Description { get; }

    /// <summary>
    /// True when <paramref name="signature"/> is a valid <paramref name="algorithm"/>
    /// signature of <paramref name="signingInput"/>. Never throws for bad
    /// input; the caller has already checked <see cref="Allowed"/>.
    /// </summary>
    public abstract bool Verify(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature);
}
