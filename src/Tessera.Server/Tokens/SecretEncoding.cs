namespace Tessera.Server.Tokens;

/// <summary>How <see cref="SharedSecretOptions.Secret"/> is written in configuration.</summary>
public enum SecretEncoding
{
    /// <summary>Base64 (RFC 4648 section 4, padding optional). The default: random secrets are bytes.</summary>
    Base64,

    /// <summary>Base64url (RFC 4648 section 5), as a JWK <c>k</c> member.</summary>
    Base64Url,

    /// <summary>The UTF-8 bytes of the text itself.</summary>
    Utf8,
}
