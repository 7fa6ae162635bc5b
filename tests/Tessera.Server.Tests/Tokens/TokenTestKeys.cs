using Tessera.Server.Tokens;
using Tessera.Tokens;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// One key of every kind, a ring that trusts them all, and the standard
/// options: HS256 "hs-1", HS512 "hs-512" (shared secrets), RS256 "rs-1",
/// PS256 "ps-1", ES256 "es-1" and EdDSA "ed-1" (JWKS). Keys are generated once
/// per test run; their use is read-only, so tests may share them.
/// </summary>
internal static class TokenTestKeys
{
    public const string Issuer = "app-1";
    public const string OtherIssuer = "app-2";
    public const string Subject = "user-1";

    /// <summary>An instant with a sub-second part, so tick-exact code is exercised everywhere.</summary>
    public static readonly DateTimeOffset Now = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_567);

    public static MintingKey Hmac { get; } = MintingKey.Hmac("hs-1", Bytes(32, 1), JwsAlgorithms.HS256);

    public static MintingKey Hmac512 { get; } = MintingKey.Hmac("hs-512", Bytes(64, 2), JwsAlgorithms.HS512);

    public static MintingKey Rsa { get; } = MintingKey.GenerateRsa("rs-1", JwsAlgorithms.RS256);

    public static MintingKey Pss { get; } = MintingKey.GenerateRsa("ps-1", JwsAlgorithms.PS256);

    public static MintingKey Ec { get; } = MintingKey.GenerateEcdsaP256("es-1");

    public static MintingKey Ed { get; } = MintingKey.GenerateEd25519("ed-1");

    public static IReadOnlyList<MintingKey> All { get; } = [Hmac, Hmac512, Rsa, Pss, Ec, Ed];

    public static string Jwks { get; } = JwksDocument.Serialize([Rsa, Pss, Ec, Ed]);

    public static SigningKeyRing Ring { get; } = SigningKeyRing.Create([SecretOptions(Hmac), SecretOptions(Hmac512)], Jwks);

    public static TheoryData<string> Algorithms => new(JwsAlgorithms.HS256, JwsAlgorithms.HS512, JwsAlgorithms.RS256, JwsAlgorithms.PS256, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA);

    public static MintingKey ByAlgorithm(string algorithm)
    {
        foreach (var key in All)
        {
            if (key.Algorithm == algorithm)
            {
                return key;
            }
        }

        throw new ArgumentException($"No test key for {algorithm}.", nameof(algorithm));
    }

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

    /// <summary>A validator over <see cref="Ring"/> (or <paramref name="ring"/>) with its clock at <see cref="Now"/>.</summary>
    public static (TokenValidator Validator, FixedClock Clock) Validator(Action<TokenValidationOptions>? configure = null, SigningKeyRing? ring = null)
    {
        var clock = new FixedClock(Now);
        return (new TokenValidator(ValidationOptions(configure), ring ?? Ring, clock), clock);
    }

    /// <summary>A good claim set: issued at <see cref="Now"/>, one hour of life, role "member".</summary>
    public static TokenSpec Spec() => TokenSpec.ForUser(Issuer, Subject, Now, TimeSpan.FromHours(1), "member");

    private static byte[] Bytes(int length, byte seed)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i * 7);
        }

        return bytes;
    }
}
