using Tessera.Protocol;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;

namespace Tessera.Server.Tests.Tokens;

/// <summary>The claims: iss (TOK-6), aud (TOK-7), sub and the dates (TOK-8), roles (TOK-9), token type (TOK-10).</summary>
public sealed class TokenValidatorClaimTests
{
    private readonly TokenValidator _validator = Validator().Validator;

    private TokenValidationResult Validate(TokenSpec spec) => _validator.Validate(TokenMinter.Mint(spec, Hmac));

    [Theory]
    [Trait("Requirement", Req.TOK_6)]
    [InlineData(Issuer)]
    [InlineData(OtherIssuer)]
    public void Validate_ConfiguredIssuer_ValidWithThatIssuer(string issuer)
    {
        Assert.Equal(issuer, TokenAssert.Valid(Validate(Spec().WithIssuer(issuer))).Issuer);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_6)]
    public void Validate_IssuerWrittenWithEscapes_MatchesTheConfiguredIssuer()
    {
        Assert.Equal(Issuer, TokenAssert.Valid(Validate(Spec().WithRawClaim("iss", "\"app\\u002d1\""))).Issuer);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_6)]
    [InlineData("app-3")]
    [InlineData("APP-1")]
    [InlineData("app-1 ")]
    [InlineData("app-")]
    [InlineData("")]
    public void Validate_IssuerNotConfigured_TokenInvalid(string issuer)
    {
        TokenAssert.Invalid(Validate(Spec().WithIssuer(issuer)), TokenValidationOutcome.IssuerNotAllowed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_6)]
    public void Validate_VeryLongIssuer_TokenInvalid()
    {
        TokenAssert.Invalid(Validate(Spec().WithIssuer(new string('i', 3000))), TokenValidationOutcome.IssuerNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_6)]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[\"app-1\"]")]
    [InlineData("{\"id\":\"app-1\"}")]
    public void Validate_IssuerNotAString_TokenInvalid(string rawIssuer)
    {
        TokenAssert.Invalid(Validate(Spec().WithRawClaim("iss", rawIssuer)), TokenValidationOutcome.IssuerNotAllowed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_6)]
    public void Validate_IssuerMissing_TokenInvalid()
    {
        TokenAssert.Invalid(Validate(Spec().WithoutClaim("iss")), TokenValidationOutcome.IssuerNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_7)]
    [InlineData("\"anything\"")]
    [InlineData("1")]
    [InlineData("[1,{}]")]
    public void Validate_NoAudienceConfigured_AudIgnored(string rawAudience)
    {
        TokenAssert.Valid(Validate(Spec().WithRawClaim("aud", rawAudience)));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_7)]
    [InlineData("\"chat\"")]
    [InlineData("[\"chat\"]")]
    [InlineData("[\"other\",\"chat\"]")]
    [InlineData("[\"chat\",\"chat\"]")]
    [InlineData("\"\\u0063hat\"")]
    public void Validate_AudienceConfiguredAndNamed_Valid(string rawAudience)
    {
        var (validator, _) = Validator(options => options.Audience = "chat");

        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec().WithRawClaim("aud", rawAudience), Hmac)));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_7)]
    [InlineData(null)]
    [InlineData("\"chat2\"")]
    [InlineData("\"Chat\"")]
    [InlineData("[]")]
    [InlineData("[\"other\"]")]
    [InlineData("[1,\"chat\"]")]
    [InlineData("[\"chat\",null]")]
    [InlineData("[[\"chat\"]]")]
    [InlineData("{\"chat\":true}")]
    [InlineData("null")]
    [InlineData("1")]
    public void Validate_AudienceConfiguredAndNotNamed_TokenInvalid(string? rawAudience)
    {
        var (validator, _) = Validator(options => options.Audience = "chat");
        var spec = rawAudience is null ? Spec() : Spec().WithRawClaim("aud", rawAudience);

        TokenAssert.Invalid(validator.Validate(TokenMinter.Mint(spec, Hmac)), TokenValidationOutcome.AudienceMismatch);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_8)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(128)]
    public void Validate_SubjectOfUpTo128Characters_Valid(int length)
    {
        var subject = new string('s', length);

        Assert.Equal(subject, TokenAssert.Valid(Validate(Spec().WithSubject(subject))).Subject);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public void Validate_SubjectOf128CharactersOutsideTheBmp_Valid()
    {
        // 128 characters, 256 UTF-16 code units: characters are counted, not code units.
        var subject = string.Concat(Enumerable.Repeat("\U0001F600", 128));

        Assert.Equal(subject, TokenAssert.Valid(Validate(Spec().WithSubject(subject))).Subject);
        TokenAssert.Invalid(Validate(Spec().WithSubject(subject + "\U0001F600")), TokenValidationOutcome.InvalidClaims);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_8)]
    [InlineData("\"\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[\"user-1\"]")]
    [InlineData("{}")]
    public void Validate_SubjectNotANonEmptyString_TokenInvalid(string rawSubject)
    {
        TokenAssert.Invalid(Validate(Spec().WithRawClaim("sub", rawSubject)), TokenValidationOutcome.InvalidClaims);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public void Validate_Subject129Characters_TokenInvalid()
    {
        TokenAssert.Invalid(Validate(Spec().WithSubject(new string('s', 129))), TokenValidationOutcome.InvalidClaims);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public void Validate_SubjectMissing_TokenInvalid()
    {
        TokenAssert.Invalid(Validate(Spec().WithoutClaim("sub")), TokenValidationOutcome.InvalidClaims);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_8)]
    [InlineData("exp")]
    [InlineData("iat")]
    public void Validate_RequiredDateMissing_TokenInvalid(string claim)
    {
        TokenAssert.Invalid(Validate(Spec().WithoutClaim(claim)), TokenValidationOutcome.InvalidClaims);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_8)]
    [InlineData("exp", "\"1999999999\"")]
    [InlineData("exp", "null")]
    [InlineData("exp", "true")]
    [InlineData("exp", "[1999999999]")]
    [InlineData("exp", "{}")]
    [InlineData("iat", "\"1\"")]
    [InlineData("iat", "null")]
    [InlineData("nbf", "\"1\"")]
    [InlineData("nbf", "null")]
    [InlineData("nbf", "false")]
    public void Validate_DateNotAJsonNumber_TokenInvalid(string claim, string rawValue)
    {
        TokenAssert.Invalid(Validate(Spec().WithRawClaim(claim, rawValue)), TokenValidationOutcome.InvalidClaims);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_8)]
    [InlineData("1e30")]
    [InlineData("-1e30")]
    [InlineData("253402300800")]
    [InlineData("1e400")]
    public void Validate_DateOutsideTheRepresentableYears_TokenInvalid(string rawValue)
    {
        TokenAssert.Invalid(Validate(Spec().WithRawClaim("nbf", rawValue)), TokenValidationOutcome.InvalidClaims);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    public void Validate_DatesWithExponentAndFraction_Valid()
    {
        var issued = Now.ToUnixTimeSeconds();
        var spec = Spec()
            .WithRawClaim("iat", $"{issued / 10}.{issued % 10}e1")
            .WithRawClaim("exp", $"{issued + 60}.25")
            .WithRawClaim("nbf", $"{issued}E0");

        var claims = TokenAssert.Valid(Validate(spec));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(issued), claims.IssuedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(issued + 60).AddMilliseconds(250), claims.ExpiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(issued), claims.NotBefore);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_9)]
    public void Validate_RolesAbsent_EmptySet()
    {
        Assert.Empty(TokenAssert.Valid(Validate(Spec().WithoutClaim("roles"))).Roles);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_9)]
    public void Validate_RolesEmptyArray_EmptySet()
    {
        Assert.Empty(TokenAssert.Valid(Validate(Spec().WithRoles())).Roles);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_9)]
    public void Validate_RolesUnorderedAndRepeated_SortedOrdinalAndDistinct()
    {
        var claims = TokenAssert.Valid(Validate(Spec().WithRoles("writer", "admin", "b", "B", "\u00e9", "writer", "a", "admin", "")));

        Assert.Equal(["", "B", "a", "admin", "b", "writer", "\u00e9"], claims.Roles);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_9)]
    public void Validate_SameRolesInAnyOrder_EqualRoleLists()
    {
        var first = TokenAssert.Valid(Validate(Spec().WithRoles("a", "b", "c")));
        var second = TokenAssert.Valid(Validate(Spec().WithRoles("c", "a", "b", "a")));

        Assert.Equal(first.Roles, second.Roles);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_9)]
    public void Validate_ManyRoles_AllKept()
    {
        var roles = Enumerable.Range(0, 100).Select(i => $"role-{i:D3}").ToArray();

        Assert.Equal(roles, TokenAssert.Valid(Validate(Spec().WithRoles(roles.Reverse()))).Roles);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_9)]
    [InlineData("\"member\"")]
    [InlineData("null")]
    [InlineData("1")]
    [InlineData("{\"member\":true}")]
    [InlineData("[\"member\",1]")]
    [InlineData("[\"member\",null]")]
    [InlineData("[[\"member\"]]")]
    [InlineData("[{\"name\":\"member\"}]")]
    public void Validate_RolesNotAnArrayOfStrings_TokenInvalid(string rawRoles)
    {
        TokenAssert.Invalid(Validate(Spec().WithRawClaim("roles", rawRoles)), TokenValidationOutcome.InvalidClaims);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_10)]
    [InlineData("token_type")]
    [InlineData("tokenType")]
    public void Validate_TokenTypeUser_Valid(string claim)
    {
        TokenAssert.Valid(Validate(Spec().WithClaim(claim, "user")));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_10)]
    public void Validate_BothTokenTypeSpellingsUser_Valid()
    {
        TokenAssert.Valid(Validate(Spec().WithClaim("token_type", "user").WithClaim("tokenType", "user")));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_10)]
    [InlineData("token_type", "\"service\"")]
    [InlineData("token_type", "\"User\"")]
    [InlineData("token_type", "\"user \"")]
    [InlineData("token_type", "\"\"")]
    [InlineData("token_type", "null")]
    [InlineData("token_type", "1")]
    [InlineData("token_type", "[\"user\"]")]
    [InlineData("tokenType", "\"admin\"")]
    [InlineData("tokenType", "true")]
    public void Validate_TokenTypeNotUser_TokenInvalid(string claim, string rawValue)
    {
        TokenAssert.Invalid(Validate(Spec().WithRawClaim(claim, rawValue)), TokenValidationOutcome.InvalidClaims);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_10)]
    public void Validate_OneTokenTypeSpellingWrong_TokenInvalid()
    {
        TokenAssert.Invalid(Validate(Spec().WithClaim("token_type", "user").WithClaim("tokenType", "service")), TokenValidationOutcome.InvalidClaims);
    }
}
