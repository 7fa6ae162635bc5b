using Microsoft.IdentityModel.Tokens;

namespace Tessera.Server.Tokens;

/// <summary>
/// IdentityModel's HMAC provider, unchanged but for where it gets the key
/// bytes: the base class asks <see cref="SymmetricSecurityKey.Key"/>, which
/// copies the secret on every call, so each verification would allocate and
/// leave one more copy of the secret on the heap. This one hands out the
/// secret it was built with (its pooled HMAC instances are keyed once).
/// Verification stays IdentityModel's, comparison in constant time (TOK-5).
/// </summary>
internal sealed class SharedSecretSignatureProvider(SymmetricSecurityKey key, string algorithm, byte[] secret)
    : SymmetricSignatureProvider(key, algorithm, willCreateSignatures: false)
{
    // A field initializer runs before the base constructor, which may already ask for the bytes.
    private readonly byte[] _secret = secret;

    protected override byte[] GetKeyBytes(SecurityKey key) => _secret;
}
