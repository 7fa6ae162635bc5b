using System.Buffers.Text;
using System.Text.Json;
using Tessera.Protocol;

namespace Tessera.Tokens.Tests;

/// <summary>
/// The catalog's own promises: unique names that cover every TOK rule, the
/// handler minting what must be accepted, an exact-clock flag on exactly the
/// attacks whose answer a real clock could flip, and a reason for each attack
/// a target cannot take. How a server answers each attack is
/// Tessera.Server.Tests' TokenAttacksTests.
/// </summary>
public sealed class TokenAttacksCatalogTests
{
    private const string Audience = "tessera-audience";

    private static TokenAttackContext Context(MintingKey key, DateTimeOffset now, string? audience = Audience) =>
        new(key, Issuer, now, TimeSpan.FromSeconds(5), TimeSpan.FromHours(24))
        {
            Audience = audience,
            PublicKey = key.IsSymmetric ? Rsa : null,
        };

    [Fact]
    public void All_NamesAreUniqueAndEveryRuleIsCovered()
    {
        Assert.Equal(TokenAttacks.All.Count, TokenAttacks.All.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count());
        var requirements = TokenAttacks.All.Select(a => a.Requirement).ToHashSet();
        for (var rule = 1; rule <= 13; rule++)
        {
            Assert.Contains($"TOK-{rule}", requirements);
        }

        Assert.Contains(Req.ERR_4, requirements);
        Assert.All(TokenAttacks.All, a => Assert.Same(a, TokenAttacks.Named(a.Name)));
        Assert.Throws<KeyNotFoundException>(() => TokenAttacks.Named("tok-99/no-such-attack"));
    }

    [Fact]
    public void Build_WholeSecondContext_AcceptedCasesComeFromTheHandler()
    {
        var cases = TokenAttacks.Build(Context(Hmac, DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds())));

        // The handler writes the header as alg, kid, typ; the hand minter as alg, typ, kid.
        var handlerHeader = TokenMinter.Encode("{\"alg\":\"HS256\",\"kid\":\"hs-1\",\"typ\":\"JWT\"}");
        var fromHandler = cases.Where(c => c.Token.StartsWith(handlerHeader + ".", StringComparison.Ordinal)).Select(c => c.Name).ToList();
        Assert.Contains("valid/baseline", fromHandler);
        Assert.Contains("tok-9/roles-unordered-repeated", fromHandler);
        Assert.Contains("tok-13/iat-at-boundary", fromHandler);
        Assert.DoesNotContain("tok-1/duplicate-claim-same-value", fromHandler);
        Assert.DoesNotContain("tok-12/valid-one-tick-before-boundary", fromHandler);
    }

    /// <summary>
    /// An attack needs the exact clock exactly when its answer is a time
    /// verdict (accepted, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID) and one of its
    /// time boundaries lies within a second of now: TOKEN_INVALID wins on any
    /// clock (ERR-4), and a boundary further away holds on any clock.
    /// </summary>
    [Fact]
    public void NeedsExactClock_SetOnExactlyTheTimeVerdictsNextToABoundary()
    {
        var context = Context(Hmac, Now);
        foreach (var tokenCase in TokenAttacks.Build(context))
        {
            var nearBoundary = ClaimDates(tokenCase.Token)
                .Select(claim => claim.Name == "exp" ? claim.At + context.Leeway : claim.At - context.Leeway)
                .Any(boundary => (boundary - Now).Duration() < TimeSpan.FromSeconds(1));
            var timeVerdict = tokenCase.ExpectedReason != TokenCase.Invalid;

            Assert.True(tokenCase.NeedsExactClock == (timeVerdict && nearBoundary), $"{tokenCase.Name}: NeedsExactClock is {tokenCase.NeedsExactClock}");
        }
    }

    [Fact]
    public void Mint_AttackTheTargetCannotTake_NotApplicableWithItsReason()
    {
        using var noKid = MintingKey.Hmac(null, new string('k', 64));
        var context = Context(noKid, Now, audience: null) with { PublicKey = null };

        Assert.Contains("public key", TokenAttacks.Named("tok-3/confusion-hs256-pem").WhyNotApplicable(context), StringComparison.Ordinal);
        Assert.Contains("kid", TokenAttacks.Named("tok-4/kid-prefix").WhyNotApplicable(context), StringComparison.Ordinal);
        Assert.Contains("audience", TokenAttacks.Named("tok-7/audience-wrong").WhyNotApplicable(context), StringComparison.Ordinal);
        Assert.Null(TokenAttacks.Named("tok-7/audience-ignored").WhyNotApplicable(context));
        var thrown = Assert.Throws<TokenAttackNotApplicableException>(() => TokenAttacks.Named("tok-3/alg-none-with-kid").Mint(context));
        Assert.Equal("tok-3/alg-none-with-kid", thrown.Attack);
        Assert.DoesNotContain(TokenAttacks.Build(context), c => c.Name == "tok-3/alg-none-with-kid");
    }

    [Fact]
    public void Mint_TimeAttackOnAGeneratedClaimSet_KeepsItsLifetime()
    {
        var context = Context(Hmac, Now);
        var good = TokenSpec.ForUser(Issuer, Subject, Now, TimeSpan.FromMinutes(7), "member").WithAudience(Audience);

        var expired = TokenAttacks.Named("tok-12/expired-one-tick-past-boundary").Mint(context, good);

        var dates = ClaimDates(expired.Token).ToDictionary(d => d.Name, d => d.At);
        Assert.Equal(Now - context.Leeway - TimeSpan.FromTicks(1), dates["exp"]);
        Assert.Equal(TimeSpan.FromMinutes(7), dates["exp"] - dates["iat"]);
    }

    /// <summary>exp, iat and nbf of a token's payload where they are JSON numbers.</summary>
    private static IEnumerable<(string Name, DateTimeOffset At)> ClaimDates(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            yield break;
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            yield break;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var name in new[] { "exp", "iat", "nbf" })
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var seconds))
            {
                yield return (name, DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond, 0)));
            }
        }
    }
}
