using Tessera.Conformance.Target;
using Tessera.Conformance.Tokens;
using Tessera.Tokens;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The generator's token flavors are a selector over Tessera.Tokens' catalog:
/// every flavor and variant, on either clock, against a shared secret or a
/// public key, with or without an audience, names a catalog attack that
/// applies (or none, for a valid token), and the factory's token is that
/// attack's verdict.
/// </summary>
public sealed class TokenFactoryTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_567);

    private static readonly MintingKey Secret = MintingKey.Hmac("dev", new string('k', 64));

    private static readonly MintingKey Rsa = Testing.TestKeys.Rsa;

    private static readonly TargetProfile Profile = new() { Leeway = TimeSpan.FromSeconds(5), Issuers = ["iss"], MaxTokenBytes = 8192 };

    public static TheoryData<string, bool, bool, bool> Setups()
    {
        var data = new TheoryData<string, bool, bool, bool>();
        foreach (var flavor in Enum.GetValues<TokenFlavor>())
        {
            foreach (var exact in new[] { true, false })
            {
                foreach (var symmetric in new[] { true, false })
                {
                    foreach (var audience in new[] { true, false })
                    {
                        data.Add(flavor.ToString(), exact, symmetric, audience);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Setups))]
    public void Make_AnyFlavorAndVariant_MintsTheCatalogAttackItNames(string flavorName, bool exact, bool symmetric, bool audience)
    {
        var flavor = Enum.Parse<TokenFlavor>(flavorName);
        var key = symmetric ? Secret : Rsa;
        var factory = new TokenFactory(key, audience ? "aud" : null, Profile, exact);
        var claims = new BaseClaims("iss", "alice", ["member"], Now, Now + TimeSpan.FromMinutes(10));
        for (var variant = 0; variant < 12; variant++)
        {
            var name = FlavorAttacks.Name(flavor, variant, exact, symmetric, audience);
            var (token, facts) = factory.Make(flavor, variant, claims, Now);

            if (name is null)
            {
                Assert.True(flavor is TokenFlavor.Valid || !exact, $"{flavor} names no attack on the test clock");
                Assert.Empty(facts.Defects);
                continue;
            }

            var attack = TokenAttacks.Named(name);
            Assert.False(attack.NeedsExactClock && !exact, $"{flavor}/{variant} picks {name}, which needs the test clock, on a real clock");
            Assert.Contains(name, facts.Description, StringComparison.Ordinal);
            Assert.Equal(attack.ExpectedReason == TokenCase.Invalid, facts.Defects.Count > 0);
            Assert.False(string.IsNullOrEmpty(token));
        }
    }

    [Fact]
    public void Make_ExpiredOnTheTestClock_IsTheCatalogsTokenOneTickPastTheBoundary()
    {
        var factory = new TokenFactory(Secret, null, Profile, exactTime: true);
        var claims = new BaseClaims("iss", "alice", ["member"], Now, Now + TimeSpan.FromMinutes(10));

        var (_, facts) = factory.Make(TokenFlavor.Expired, 0, claims, Now);

        Assert.Equal(Now - Profile.Leeway - TimeSpan.FromTicks(1), facts.ExpiresAt);
        Assert.Equal(TimeSpan.FromMinutes(10), facts.ExpiresAt - facts.IssuedAt);
    }
}
