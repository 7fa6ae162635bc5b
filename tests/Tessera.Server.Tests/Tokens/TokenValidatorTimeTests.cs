using Tessera.Protocol;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;
using Tessera.Testing;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// Lifetime (TOK-11), expiry (TOK-12), not-before (TOK-13) at their exact
/// boundaries, and the ERR-4 order when several rules fail. The clock is a
/// <see cref="FixedClock"/>: every boundary is probed to the tick.
/// </summary>
public sealed class TokenValidatorTimeTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly TimeSpan DefaultLeeway = TimeSpan.FromSeconds(5);

    private readonly TokenValidator _validator;
    private readonly FixedClock _clock;

    public TokenValidatorTimeTests()
    {
        (_validator, _clock) = Validator();
    }

    private TokenValidationResult Validate(TokenSpec spec) => _validator.Validate(TokenMinter.Mint(spec, Hmac));

    private static TokenSpec Window(DateTimeOffset issuedAt, DateTimeOffset expiresAt) => Spec().WithIssuedAt(issuedAt).WithExpiresAt(expiresAt);

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void Options_Defaults_FiveSecondLeeway24HourLifetime8192Bytes()
    {
        var options = new TokenValidationOptions();

        Assert.Equal(TimeSpan.FromSeconds(5), options.ClockSkewLeeway);
        Assert.Equal(TimeSpan.FromHours(24), options.MaxTokenLifetime);
        Assert.Equal(8192, options.MaxTokenBytes);
        Assert.Equal(DefaultLeeway, _validator.ClockSkewLeeway);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_11)]
    public void Validate_ExpEqualsIat_TokenInvalid()
    {
        TokenAssert.Invalid(Validate(Window(Now, Now)), TokenValidationOutcome.LifetimeTooLong);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_11)]
    public void Validate_ExpBeforeIat_TokenInvalid()
    {
        TokenAssert.Invalid(Validate(Window(Now, Now - Tick)), TokenValidationOutcome.LifetimeTooLong);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_11)]
    public void Validate_ExpOneTickAfterIat_Valid()
    {
        _clock.Now = Now;
        TokenAssert.Valid(Validate(Window(Now - DefaultLeeway - Tick, Now - DefaultLeeway + Tick)));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_11)]
    [InlineData(24 * 3600, 0, true)]
    [InlineData(24 * 3600, 1, false)]
    [InlineData(3600, 0, true)]
    [InlineData(3600, 1, false)]
    public void Validate_LifetimeAroundTheMaximum_ExactBoundary(int maxSeconds, long extraTicks, bool accepted)
    {
        var (validator, _) = Validator(options => options.MaxTokenLifetime = TimeSpan.FromSeconds(maxSeconds));
        var issued = Now - TimeSpan.FromSeconds(maxSeconds / 2.0);

        var result = validator.Validate(TokenMinter.Mint(Window(issued, issued + TimeSpan.FromSeconds(maxSeconds) + TimeSpan.FromTicks(extraTicks)), Hmac));

        if (accepted)
        {
            TokenAssert.Valid(result);
        }
        else
        {
            TokenAssert.Invalid(result, TokenValidationOutcome.LifetimeTooLong);
        }
    }

    [Fact]
    [Trait("Requirement", Req.TOK_11)]
    public void Validate_LifetimeOverTheMaximumByLessThanATick_TokenInvalid()
    {
        // exp - iat = 86400.00000001 s: finer than a tick, and still too long.
        var issued = Now.ToUnixTimeSeconds() - 43200;
        var spec = Spec().WithRawClaim("iat", $"{issued}").WithRawClaim("exp", $"{issued + 86400}.00000001");

        TokenAssert.Invalid(Validate(spec), TokenValidationOutcome.LifetimeTooLong);
        TokenAssert.Valid(Validate(spec.WithRawClaim("exp", $"{issued + 86400}")));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_12)]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(60)]
    public void Validate_NowEqualsExpPlusLeeway_TokenExpired(int leewaySeconds)
    {
        var leeway = TimeSpan.FromSeconds(leewaySeconds);
        var (validator, clock) = Validator(options => options.ClockSkewLeeway = leeway);
        var expires = Now + TimeSpan.FromMinutes(10);
        var token = TokenMinter.Mint(Window(Now, expires), Hmac);

        clock.Now = expires + leeway;

        TokenAssert.Expired(validator.Validate(token));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_12)]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(60)]
    public void Validate_OneTickBeforeExpPlusLeeway_Valid(int leewaySeconds)
    {
        var leeway = TimeSpan.FromSeconds(leewaySeconds);
        var (validator, clock) = Validator(options => options.ClockSkewLeeway = leeway);
        var expires = Now + TimeSpan.FromMinutes(10);
        var token = TokenMinter.Mint(Window(Now, expires), Hmac);

        clock.Now = expires + leeway - Tick;

        Assert.Equal(expires, TokenAssert.Valid(validator.Validate(token)).ExpiresAt);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void Validate_ExpiredBeyondLeewayButWithinFiveMinutes_TokenExpired()
    {
        // The 5-minute skew of common JWT libraries must not creep in.
        _clock.Now = Now + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);

        TokenAssert.Expired(Validate(Spec()));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void Validate_ExpWithAFractionOfATick_ComparedExactly()
    {
        // exp = S.00000005: half a tick past S. Expired from the first tick at or after exp + leeway.
        var seconds = Now.ToUnixTimeSeconds() + 600;
        var spec = Window(Now, Now + TimeSpan.FromMinutes(5)).WithRawClaim("exp", $"{seconds}.00000005");
        var token = TokenMinter.Mint(spec, Hmac);
        var exp = DateTimeOffset.FromUnixTimeSeconds(seconds);

        _clock.Now = exp + DefaultLeeway;
        TokenAssert.Valid(_validator.Validate(token));

        _clock.Now = exp + DefaultLeeway + Tick;
        TokenAssert.Expired(_validator.Validate(token));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void Validate_ExpAsFractionalSeconds_ExpiresAtTheExactTick()
    {
        var seconds = Now.ToUnixTimeSeconds() + 600;
        var token = TokenMinter.Mint(Spec().WithRawClaim("exp", $"{seconds}.1234567"), Hmac);
        var exp = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(1_234_567);

        _clock.Now = exp + DefaultLeeway - Tick;
        Assert.Equal(exp, TokenAssert.Valid(_validator.Validate(token)).ExpiresAt);

        _clock.Now = exp + DefaultLeeway;
        TokenAssert.Expired(_validator.Validate(token));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_13)]
    public void Validate_NbfOneTickAfterNowPlusLeeway_TokenNotYetValid()
    {
        TokenAssert.NotYetValid(Validate(Spec().WithNotBefore(Now + DefaultLeeway + Tick)));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_13)]
    public void Validate_NbfEqualsNowPlusLeeway_Valid()
    {
        Assert.Equal(Now + DefaultLeeway, TokenAssert.Valid(Validate(Spec().WithNotBefore(Now + DefaultLeeway))).NotBefore);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_13)]
    public void Validate_IatOneTickAfterNowPlusLeeway_TokenNotYetValid()
    {
        var issued = Now + DefaultLeeway + Tick;

        TokenAssert.NotYetValid(Validate(Window(issued, issued + TimeSpan.FromHours(1))));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_13)]
    public void Validate_IatEqualsNowPlusLeeway_Valid()
    {
        var issued = Now + DefaultLeeway;

        TokenAssert.Valid(Validate(Window(issued, issued + TimeSpan.FromHours(1))));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_13)]
    public void Validate_NbfWithAFractionOfATickPastTheBoundary_TokenNotYetValid()
    {
        // nbf = now + leeway + 0.00000001 s: later than the boundary, even if by less than a tick.
        var boundary = Now.AddTicks(-Now.UtcTicks % TimeSpan.TicksPerSecond);
        _clock.Now = boundary - DefaultLeeway;
        var seconds = boundary.ToUnixTimeSeconds();
        var spec = Window(_clock.Now - TimeSpan.FromMinutes(1), _clock.Now + TimeSpan.FromMinutes(10));

        TokenAssert.NotYetValid(Validate(spec.WithRawClaim("nbf", $"{seconds}.00000001")));
        TokenAssert.Valid(Validate(spec.WithRawClaim("nbf", $"{seconds}")));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_13)]
    public void Validate_ZeroLeeway_NoSkewAllowed()
    {
        var (validator, _) = Validator(options => options.ClockSkewLeeway = TimeSpan.Zero);

        TokenAssert.NotYetValid(validator.Validate(TokenMinter.Mint(Spec().WithNotBefore(Now + Tick), Hmac)));
        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec().WithNotBefore(Now), Hmac)));
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Validate_ExpiredAndUnknownIssuer_TokenInvalidFirst()
    {
        _clock.Now = Now + TimeSpan.FromDays(1);

        TokenAssert.Invalid(Validate(Spec().WithIssuer("app-9")), TokenValidationOutcome.IssuerNotAllowed);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Validate_ExpiredAndTampered_TokenInvalidFirst()
    {
        _clock.Now = Now + TimeSpan.FromDays(1);

        TokenAssert.Invalid(_validator.Validate(TokenMinter.TamperSignature(TokenMinter.Mint(Spec(), Hmac))), TokenValidationOutcome.BadSignature);
    }

    [Theory]
    [Trait("Requirement", Req.ERR_4)]
    [InlineData("roles", "\"member\"", TokenValidationOutcome.InvalidClaims)]
    [InlineData("token_type", "\"service\"", TokenValidationOutcome.InvalidClaims)]
    [InlineData("sub", "\"\"", TokenValidationOutcome.InvalidClaims)]
    [InlineData("nbf", "\"soon\"", TokenValidationOutcome.InvalidClaims)]
    // The outcome enum is internal and a theory is public, so the outcome arrives boxed.
    public void Validate_ExpiredAndAClaimInvalid_TokenInvalidFirst(string claim, string rawValue, object outcome)
    {
        _clock.Now = Now + TimeSpan.FromDays(1);

        TokenAssert.Invalid(Validate(Spec().WithRawClaim(claim, rawValue)), (TokenValidationOutcome)outcome);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Validate_ExpiredAndRepeatedClaim_TokenInvalidFirst()
    {
        _clock.Now = Now + TimeSpan.FromDays(1);

        TokenAssert.Invalid(Validate(Spec().WithDuplicateClaim("sub", "\"user-1\"")), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Validate_ExpiredAndNotYetValid_TokenExpiredFirst()
    {
        // nbf after exp: both time rules fail, TOKEN_EXPIRED ranks first.
        _clock.Now = Now + TimeSpan.FromHours(2);

        TokenAssert.Expired(Validate(Spec().WithNotBefore(Now + TimeSpan.FromDays(1))));
    }

    [Theory]
    [Trait("Requirement", Req.ERR_4)]
    [InlineData("token_type", "\"service\"", TokenValidationOutcome.InvalidClaims)]
    [InlineData("roles", "[1]", TokenValidationOutcome.InvalidClaims)]
    [InlineData("iss", "\"app-9\"", TokenValidationOutcome.IssuerNotAllowed)]
    public void Validate_NotYetValidAndInvalid_TokenInvalidFirst(string claim, string rawValue, object outcome)
    {
        TokenAssert.Invalid(Validate(Spec().WithNotBefore(Now + TimeSpan.FromHours(1)).WithRawClaim(claim, rawValue)), (TokenValidationOutcome)outcome);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Validate_NotYetValidAndTooLong_TokenInvalidFirst()
    {
        var issued = Now + TimeSpan.FromHours(1);

        TokenAssert.Invalid(Validate(Window(issued, issued + TimeSpan.FromDays(2))), TokenValidationOutcome.LifetimeTooLong);
    }

    [Fact]
    [Trait("Requirement", Req.ERR_4)]
    public void Validate_ExpiredAndOversized_TokenInvalidFirst()
    {
        _clock.Now = Now + TimeSpan.FromDays(1);

        TokenAssert.Invalid(_validator.Validate(TokenMinter.MintWithLength(Spec(), Hmac, 9000)), TokenValidationOutcome.TooLarge);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_12)]
    public void Validate_SameTokenAsTheClockMoves_ValidThenExpired()
    {
        var token = TokenMinter.Mint(Window(Now, Now + TimeSpan.FromMinutes(1)), Hmac);

        _clock.Now = Now - DefaultLeeway - Tick;
        TokenAssert.NotYetValid(_validator.Validate(token));
        _clock.Now = Now - DefaultLeeway;
        TokenAssert.Valid(_validator.Validate(token));
        _clock.Now = Now + TimeSpan.FromMinutes(1) + DefaultLeeway - Tick;
        TokenAssert.Valid(_validator.Validate(token));
        _clock.Now += Tick;
        TokenAssert.Expired(_validator.Validate(token));
    }
}
