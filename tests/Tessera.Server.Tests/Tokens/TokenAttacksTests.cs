using System.Collections.Concurrent;
using Tessera.Server.Errors;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Server.Tests.Tokens.TokenTestKeys;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// The shared case list (<see cref="TokenAttacks"/>), the one the conformance
/// suite runs against any server, run here against the reference validator for
/// every key kind, with and without an audience. Each case names its rule.
/// Setups ending in "@s" run at a whole second, where the cases that must be
/// accepted are minted by IdentityModel's JsonWebTokenHandler; the others run
/// at <see cref="TokenTestKeys.Now"/>, whose fraction keeps them hand-minted.
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

    [Fact]
    public void Build_AnyContext_NamesAreUniqueAndEveryRuleIsCovered()
    {
        var cases = TokenAttacks.Build(Context("HS256+aud"));

        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        var requirements = cases.Select(c => c.Requirement).ToHashSet();
        for (var rule = 1; rule <= 13; rule++)
        {
            Assert.Contains($"TOK-{rule}", requirements);
        }

        Assert.Contains("ERR-4", requirements);
    }

    [Fact]
    public void Build_WholeSecondContext_AcceptedCasesComeFromTheHandler()
    {
        var context = Context("HS256@s");
        var cases = TokenAttacks.Build(context);

        // The handler writes the header as alg, kid, typ; the hand minter as alg, typ, kid.
        var handlerHeader = TokenMinter.Encode("{\"alg\":\"HS256\",\"kid\":\"hs-1\",\"typ\":\"JWT\"}");
        var fromHandler = cases.Where(c => c.Token.StartsWith(handlerHeader + ".", StringComparison.Ordinal)).Select(c => c.Name).ToList();
        Assert.Contains("valid/baseline", fromHandler);
        Assert.Contains("tok-9/roles-unordered-repeated", fromHandler);
        Assert.Contains("tok-13/iat-at-boundary", fromHandler);
        Assert.DoesNotContain("tok-1/duplicate-claim-same-value", fromHandler);
        Assert.DoesNotContain("tok-12/valid-one-tick-before-boundary", fromHandler);
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
