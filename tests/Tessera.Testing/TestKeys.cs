using Tessera.Tokens;

namespace Tessera.Testing;

/// <summary>
/// The one set of test keys: HS256 "hs-1", HS512 "hs-512" (shared secrets),
/// RS256 "rs-1", PS256 "ps-1", ES256 "es-1" and EdDSA "ed-1" (JWKS), with the
/// issuer, subject and instant the token tests mint for. Keys are generated
/// once per test run; their use is read-only, so tests may share them (and
/// must not dispose them).
/// </summary>
public static class TestKeys
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

    /// <summary>The JWKS document of every public key.</summary>
    public static string Jwks { get; } = JwksDocument.Serialize([Rsa, Pss, Ec, Ed]);

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
