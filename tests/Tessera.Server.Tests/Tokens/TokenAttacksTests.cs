using System.Collections.Concurrent;
using Tessera.Server.Errors;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// The shared case list (<see cref="TokenAttacks"/>), the one the conformance
/// suite runs against any server, run here against the reference validator for
/// every key kind, with and without an audience. Each case names its rule.
/// Setups ending in "@s" run at a whole second, where the cases that must be
/// accepted are minted by IdentityModel's JsonWebTokenHandler; the others run
/// at <see cref="Testing.TestKeys.Now"/>, whose fraction keeps them hand-minted.
/// </summary>
public sealed class TokenAttacksTests
{
    private const string Audience = "tessera-audience";

    private static readonly ConcurrentDictionary<string, Dictionary<string, TokenCase>> Catalogs = new();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var setup in Setups)
        {
            foreach (var name in Catalog(setup).Keys)
            {
                data.Add(setup, name);
            }
        }

        return data;
    }

    private static string[] Setups =>
        ["HS256", "HS512", "RS256", "PS256", "ES256", "EdDSA", "HS256+aud", "ES256+aud", "HS256@s", "RS256@s", "EdDSA@s", "ES256+aud@s"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_SharedCase_AnsweredAsTheSpecRequires(string setup, string caseName)
    {
        var tokenCase = Catalog(setup)[caseName];
        var (validator, clock) = Validator(options => options.Audience = setup.Contains("+aud", StringComparison.Ordinal) ? Audience : null);
        clock.Now = NowOf(setup);

        var result = validator.Validate(tokenCase.Token);

        if (tokenCase.ExpectAccepted)
        {
            Assert.True(result.IsValid, $"{tokenCase.Requirement} {caseName}: expected acceptance, got {result}");
        }
        else
        {
            Assert.False(result.IsValid, $"{tokenCase.Requirement} {caseName}: expected {tokenCase.ExpectedReason}, but the token was accepted");
            Assert.Equal(tokenCase.ExpectedReason, result.Error.Reason);
        }
    }

    private static Dictionary<string, TokenCase> Catalog(string setup) =>
        Catalogs.GetOrAdd(setup, s => TokenAttacks.Build(Context(s)).ToDictionary(c => c.Name, StringComparer.Ordinal));

    private static DateTimeOffset NowOf(string setup) =>
        setup.EndsWith("@s", StringComparison.Ordinal) ? DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds()) : Now;

    private static TokenAttackContext Context(string setup)
    {
        var algorithm = setup.Split('+', '@')[0];
        var key = ByAlgorithm(algorithm);
        return new TokenAttackContext(key, Issuer, NowOf(setup), TimeSpan.FromSeconds(5), TimeSpan.FromHours(24))
        {
            Audience = setup.Contains("+aud", StringComparison.Ordinal) ? Audience : null,
            PublicKey = key.IsSymmetric ? Rsa : null,
        };
    }
}
