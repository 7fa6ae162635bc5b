using System.Reflection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Protocol;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;
using IdentityModelResult = Microsoft.IdentityModel.Tokens.TokenValidationResult;
using Tessera.Testing;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// Why the Tessera profile checks stay Tessera's: for each of them, IdentityModel's
/// default <see cref="JsonWebTokenHandler.ValidateTokenAsync(string, TokenValidationParameters)"/>
/// answers the very same token differently, and <see cref="TokenValidator"/>
/// answers as SPEC.md says. Each pair is one token and two tests: IdentityModelDefault_*
/// shows the library, Validate_* shows ours. If an IdentityModel upgrade
/// makes a library test fail, that check may be handed to the library.
/// </summary>
public sealed class IdentityModelDifferenceTests
{
    private static readonly TimeSpan DefaultLeeway = TimeSpan.FromSeconds(5);

    // A whole second, so that IdentityModel's own rounding plays no part
    // unless a test adds a fraction on purpose.
    private static readonly DateTimeOffset Second = DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds());

    // TOK-1 --------------------------------------------------------------

    public static TheoryData<string, string> RepeatedMembers => new()
    {
        { "repeated", ",\"sub\":\"admin\"" },
        { "escaped", ",\"s\\u0075b\":\"admin\"" },
        { "nested", ",\"ext\":{\"a\":1,\"a\":2}" },
    };

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [MemberData(nameof(RepeatedMembers))]
    public async Task IdentityModelDefault_RepeatedMemberName_Accepted(string kind, string extra)
    {
        var result = await IdentityModelValidate(WithRepeat(extra), Now);

        Assert.True(result.IsValid, $"{kind}: {result.Exception?.Message}");
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public async Task IdentityModelDefault_RepeatedSub_TheLastValueWins()
    {
        var result = await IdentityModelValidate(WithRepeat(",\"s\\u0075b\":\"admin\""), Now);

        Assert.Equal("admin", ((JsonWebToken)result.SecurityToken).Subject);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [MemberData(nameof(RepeatedMembers))]
    public void Validate_RepeatedMemberName_TokenInvalid(string kind, string extra)
    {
        var result = Ours(Now).Validate(WithRepeat(extra));

        Assert.False(result.IsValid, kind);
        TokenAssert.Invalid(result, TokenValidationOutcome.Malformed);
    }

    // TOK-8 --------------------------------------------------------------

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public async Task IdentityModelDefault_ExpAsAString_Accepted()
    {
        var result = await IdentityModelValidate(ExpAsString(), Now);

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public void Validate_ExpAsAString_TokenInvalid()
    {
        TokenAssert.Invalid(Ours(Now).Validate(ExpAsString()), TokenValidationOutcome.InvalidClaims);
    }

    // TOK-8 and the exactness note: exp = s + 0.4 s, now = s + 0.2 s, no leeway.

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public async Task IdentityModelDefault_FractionalExpBeforeNow_RoundedToWholeSecondsAndExpired()
    {
        var result = await IdentityModelValidate(FractionalExp(), Second.AddMilliseconds(200), TimeSpan.Zero);

        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public async Task IdentityModelDefault_FractionalExp_ReportsTheWholeSecond()
    {
        var result = await IdentityModelValidate(FractionalExp(), Second.AddMilliseconds(-200), TimeSpan.Zero);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(Second.UtcDateTime, result.SecurityToken.ValidTo);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public void Validate_FractionalExpAfterNow_ValidWithTheExactInstant()
    {
        var claims = TokenAssert.Valid(Ours(Second.AddMilliseconds(200), TimeSpan.Zero).Validate(FractionalExp()));

        Assert.Equal(Second.AddMilliseconds(400), claims.ExpiresAt);
    }

    // TOK-12: expired when now >= exp + leeway; at the boundary itself.

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public async Task IdentityModelDefault_NowIsExpPlusLeeway_Valid()
    {
        var result = await IdentityModelValidate(ExpiringAt(Second), Second + DefaultLeeway, DefaultLeeway);

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void Validate_NowIsExpPlusLeeway_TokenExpired()
    {
        TokenAssert.Expired(Ours(Second + DefaultLeeway, DefaultLeeway).Validate(ExpiringAt(Second)));
    }

    // TOK-12: the leeway's default, and its 60 s cap.

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public async Task IdentityModelDefault_ExpiredTwoMinutesAgo_ValidUnderItsFiveMinuteSkew()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), new TokenValidationParameters().ClockSkew);

        var result = await IdentityModelValidate(ExpiringAt(Second), Second + TimeSpan.FromMinutes(2), clockSkew: null);

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void Validate_ExpiredTwoMinutesAgo_TokenExpiredUnderTheDefaultLeeway()
    {
        Assert.Equal(DefaultLeeway, new TokenValidationOptions().ClockSkewLeeway);

        TokenAssert.Expired(Ours(Second + TimeSpan.FromMinutes(2)).Validate(ExpiringAt(Second)));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public async Task IdentityModelDefault_TenMinuteSkew_TakenAndApplied()
    {
        var result = await IdentityModelValidate(ExpiringAt(Second), Second + TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void TokenValidator_TenMinuteLeeway_Refused()
    {
        var options = ValidationOptions(o => o.ClockSkewLeeway = TimeSpan.FromMinutes(10));

        var exception = Assert.Throws<TokenConfigurationException>(() => new TokenValidator(options, Ring, new FixedClock(Now)));

        Assert.Contains("60 s", Assert.Single(exception.Problems), StringComparison.Ordinal);
    }

    // ERR-4: TOKEN_INVALID (here an unknown issuer) before TOKEN_EXPIRED.

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public async Task IdentityModelDefault_ExpiredWithUnknownIssuer_AnswersExpired()
    {
        var result = await IdentityModelValidate(ExpiredWithUnknownIssuer(), Second + TimeSpan.FromHours(1));

        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Validate_ExpiredWithUnknownIssuer_TokenInvalid()
    {
        TokenAssert.Invalid(Ours(Second + TimeSpan.FromHours(1)).Validate(ExpiredWithUnknownIssuer()), TokenValidationOutcome.IssuerNotAllowed);
    }

    // Tokens -------------------------------------------------------------

    private static string WithRepeat(string extraMembers)
    {
        var header = TokenMinter.HeaderJson(Spec(), JwsAlgorithms.HS256, Hmac.KeyId);
        return TokenMinter.MintRaw(header, TokenMinter.ObjectJson(Spec().Claims)[..^1] + extraMembers + "}", Hmac);
    }

    private static string ExpAsString() =>
        TokenMinter.Mint(Spec().WithClaim("exp", NumericDate.ToJson(Second + TimeSpan.FromHours(1))), Hmac);

    private static string FractionalExp() =>
        TokenMinter.Mint(Spec().WithIssuedAt(Second - TimeSpan.FromHours(1)).WithExpiresAt(Second.AddMilliseconds(400)), Hmac);

    private static string ExpiringAt(DateTimeOffset expiresAt) =>
        TokenMinter.Mint(Spec().WithIssuedAt(expiresAt - TimeSpan.FromHours(1)).WithExpiresAt(expiresAt), Hmac);

    private static string ExpiredWithUnknownIssuer() =>
        TokenMinter.Mint(Spec().WithIssuer("app-unknown").WithIssuedAt(Second - TimeSpan.FromHours(1)).WithExpiresAt(Second), Hmac);

    // Validators ---------------------------------------------------------

    private static TokenValidator Ours(DateTimeOffset now, TimeSpan? leeway = null) =>
        new(ValidationOptions(o => o.ClockSkewLeeway = leeway ?? DefaultLeeway), Ring, new FixedClock(now));

    /// <summary>
    /// IdentityModel's defaults, given only what any deployment must: the
    /// issuer, the key, no audience (the Tessera validator here has none),
    /// and, where a test names one, the clock skew (null keeps its default).
    /// </summary>
    private static Task<IdentityModelResult> IdentityModelValidate(string token, DateTimeOffset now, TimeSpan? clockSkew = null)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            IssuerSigningKey = new SymmetricSecurityKey(Hmac.ExportSecret()) { KeyId = Hmac.KeyId },
        };
        if (clockSkew is { } skew)
        {
            parameters.ClockSkew = skew;
        }

        // IdentityModel 8 reads the time through a TimeProvider it keeps
        // internal; setting it injects the test's clock and changes no check.
        var clock = typeof(TokenValidationParameters).GetProperty("TimeProvider", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.NotNull(clock);
        clock.SetValue(parameters, new FixedClock(now));
        return new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }
}
