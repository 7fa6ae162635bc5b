using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestKeys;

namespace Tessera.Testing;

/// <summary>
/// The reference validator over the shared test keys (<see cref="TestKeys"/>):
/// a ring that trusts them all, the standard options, and a validator on a
/// <see cref="FixedClock"/> at <see cref="TestKeys.Now"/>.
/// </summary>
internal static class TestValidators
{
    public static SigningKeyRing Ring { get; } = SigningKeyRing.Create([SecretOptions(Hmac), SecretOptions(Hmac512)], Jwks);

    public static SharedSecretOptions SecretOptions(MintingKey key) => new()
    {
        KeyId = key.KeyId,
        Secret = Convert.ToBase64String(key.ExportSecret()),
        Algorithms = [key.Algorithm],
    };

    public static TokenValidationOptions ValidationOptions(Action<TokenValidationOptions>? configure = null)
    {
        var options = new TokenValidationOptions { Issuers = [Issuer, OtherIssuer] };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A validator over <see cref="Ring"/> (or <paramref name="ring"/>) with its clock at <see cref="TestKeys.Now"/>.</summary>
    public static (TokenValidator Validator, FixedClock Clock) Validator(Action<TokenValidationOptions>? configure = null, SigningKeyRing? ring = null)
    {
        var clock = new FixedClock(Now);
        return (new TokenValidator(ValidationOptions(configure), ring ?? Ring, clock), clock);
    }
}
