using System.Text;
using Tessera.Protocol;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;

namespace Tessera.Server.Tests.Tokens;

/// <summary>The shape of a token: JWS compact form (TOK-1) and size (TOK-2).</summary>
public sealed class TokenValidatorFormTests
{
    private readonly TokenValidator _validator = Validator().Validator;

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_GoodToken_ReturnsItsClaims()
    {
        var token = TokenMinter.Mint(Spec().WithRoles("writer", "member").WithNotBefore(Now), Hmac);

        var claims = TokenAssert.Valid(_validator.Validate(token));

        Assert.Equal(Issuer, claims.Issuer);
        Assert.Equal(Subject, claims.Subject);
        Assert.Equal(["member", "writer"], claims.Roles);
        Assert.Equal(Now, claims.IssuedAt);
        Assert.Equal(Now + TimeSpan.FromHours(1), claims.ExpiresAt);
        Assert.Equal(Now, claims.NotBefore);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("e30")]
    [InlineData("e30.e30")]
    [InlineData("e30.e30.AAAA.AAAA")]
    [InlineData("e30.e30.AAAA.AAAA.AAAA")]
    [InlineData("..")]
    [InlineData(".e30.AAAA")]
    [InlineData("e30..AAAA")]
    public void Validate_NotThreeNonEmptySegments_TokenInvalid(string? token)
    {
        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_JweCompactToken_TokenInvalid()
    {
        TokenAssert.Invalid(_validator.Validate(TokenMinter.JweShaped()), TokenValidationOutcome.Malformed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData(MalformedEncoding.Padding)]
    [InlineData(MalformedEncoding.StandardAlphabet)]
    [InlineData(MalformedEncoding.InvalidCharacter)]
    [InlineData(MalformedEncoding.Whitespace)]
    [InlineData(MalformedEncoding.ImpossibleLength)]
    [InlineData(MalformedEncoding.NonCanonical)]
    public void Validate_MalformedBase64Url_TokenInvalid(MalformedEncoding kind)
    {
        var token = TokenMinter.MintMalformedEncoding(Spec(), Hmac, kind);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_SignatureWithNonZeroUnusedBits_TokenInvalid()
    {
        // HS256: 32 bytes -> 43 characters, the last one carrying 2 unused bits.
        var token = TokenMinter.Mint(Spec(), Hmac);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = Alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        var lenient = token[..^1] + Alphabet[last | 1];

        TokenAssert.Valid(_validator.Validate(token));
        TokenAssert.Invalid(_validator.Validate(lenient), TokenValidationOutcome.Malformed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("{}{}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{'a':1}")]
    [InlineData("/*c*/{}")]
    [InlineData("{\"a\":1} x")]
    [InlineData("")]
    [InlineData("\ufeff{}")]
    public void Validate_PayloadNotOneJsonObject_TokenInvalid(string payload)
    {
        var header = TokenMinter.HeaderJson(Spec(), JwsAlgorithms.HS256, Hmac.KeyId);

        var result = _validator.Validate(TokenMinter.MintRaw(header, payload, Hmac));

        TokenAssert.Invalid(result, TokenValidationOutcome.Malformed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"alg\":\"HS256\",\"kid\":\"hs-1\"")]
    [InlineData("{\"alg\":\"HS256\",\"kid\":\"hs-1\"}]")]
    [InlineData("{\"alg\":\"HS256\",\"kid\":\"hs-1\",}")]
    public void Validate_HeaderNotOneJsonObject_TokenInvalid(string header)
    {
        var payload = TokenMinter.ObjectJson(Spec().Claims);

        var result = _validator.Validate(TokenMinter.MintRaw(header, payload, Hmac));

        TokenAssert.Invalid(result, TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_PayloadWithInvalidUtf8_TokenInvalid()
    {
        var header = TokenMinter.Encode(TokenMinter.HeaderJson(Spec(), JwsAlgorithms.HS256, Hmac.KeyId));
        var payload = TokenMinter.Encode(Encoding.UTF8.GetBytes("{\"iss\":\"app-1\",\"sub\":\"").Concat(new byte[] { 0xC3, 0x28 }).Concat("\"}"u8.ToArray()).ToArray());

        TokenAssert.Invalid(_validator.Validate(TokenMinter.SignSegments(header, payload, Hmac)), TokenValidationOutcome.Malformed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData("sub", "\"user-1\"")]
    [InlineData("sub", "\"admin\"")]
    [InlineData("iss", "\"app-2\"")]
    [InlineData("exp", "1")]
    [InlineData("roles", "[\"admin\"]")]
    [InlineData("custom", "1")]
    public void Validate_RepeatedClaim_TokenInvalid(string name, string secondValue)
    {
        var spec = Spec().WithRawClaim("custom", "0").WithDuplicateClaim(name, secondValue);

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(spec, Hmac)), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_RepeatedClaimSpelledWithEscape_TokenInvalid()
    {
        var header = TokenMinter.HeaderJson(Spec(), JwsAlgorithms.HS256, Hmac.KeyId);
        var payload = TokenMinter.ObjectJson(Spec().Claims)[..^1] + ",\"s\\u0075b\":\"admin\"}";

        TokenAssert.Invalid(_validator.Validate(TokenMinter.MintRaw(header, payload, Hmac)), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_ClaimNamesEqualOnlyBeforeUnescaping_Valid()
    {
        // "su\u0062x" is "subx", not "sub": distinct names stay distinct.
        var header = TokenMinter.HeaderJson(Spec(), JwsAlgorithms.HS256, Hmac.KeyId);
        var payload = TokenMinter.ObjectJson(Spec().Claims)[..^1] + ",\"su\\u0062x\":1,\"s\\u0075\":2}";

        TokenAssert.Valid(_validator.Validate(TokenMinter.MintRaw(header, payload, Hmac)));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_SubThenEscapedSub_TokenInvalidBeforeTheSubjectIsRead()
    {
        // {"sub":1,"s\u0075b":2}: one name twice, so malformed, whatever either value is.
        var header = TokenMinter.HeaderJson(Spec(), JwsAlgorithms.HS256, Hmac.KeyId);
        var payload = TokenMinter.ObjectJson(Spec().WithoutClaim("sub").Claims)[..^1] + ",\"sub\":1,\"s\\u0075b\":2}";

        TokenAssert.Invalid(_validator.Validate(TokenMinter.MintRaw(header, payload, Hmac)), TokenValidationOutcome.Malformed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":1,\"\\u0061\":2}")]
    [InlineData("[{\"a\":1},{\"b\":{\"c\":1,\"c\":1}}]")]
    [InlineData("{\"a\":{\"b\":[{\"c\":true,\"d\":null,\"c\":false}]}}")]
    public void Validate_RepeatedMemberInANestedClaimValue_TokenInvalid(string value)
    {
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec().WithRawClaim("ext", value), Hmac)), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_SameNameInSiblingObjects_Valid()
    {
        // Repeats count within one object: the same name in two objects is no repeat.
        TokenAssert.Valid(_validator.Validate(TokenMinter.Mint(Spec().WithRawClaim("ext", "[{\"a\":1},{\"a\":2,\"b\":{\"a\":3}}]"), Hmac)));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_RepeatedMemberInANestedHeaderValue_TokenInvalid()
    {
        var spec = Spec().WithRawHeader("x-ext", "{\"kid\":\"a\",\"kid\":\"b\"}");

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(spec, Hmac)), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_RepeatedHeaderMemberWithForgedSignature_BadSignature()
    {
        // Repeats are looked for once the signature holds (a forgery is refused
        // without allocating); either way the reason is TOKEN_INVALID.
        var token = TokenMinter.TamperSignature(TokenMinter.Mint(Spec().WithDuplicateHeader("typ", "\"JWT\""), Hmac));

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.BadSignature);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData("alg", "\"HS256\"")]
    [InlineData("kid", "\"hs-1\"")]
    [InlineData("typ", "\"JWT\"")]
    public void Validate_RepeatedHeaderMember_TokenInvalid(string name, string value)
    {
        var spec = Spec().WithDuplicateHeader(name, value);

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(spec, Hmac)), TokenValidationOutcome.Malformed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData(40, false)]
    [InlineData(200, false)]
    [InlineData(200, true)]
    public void Validate_ManyClaims_RepeatsFoundBeyondTheStackTables(int extraClaims, bool repeatFirst)
    {
        var spec = Spec();
        for (var i = 0; i < extraClaims; i++)
        {
            spec = spec.WithRawClaim($"c{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (repeatFirst)
        {
            spec = spec.WithDuplicateClaim("c0", "0");
        }

        var result = _validator.Validate(TokenMinter.Mint(spec, Hmac));

        if (repeatFirst)
        {
            TokenAssert.Invalid(result, TokenValidationOutcome.Malformed);
        }
        else
        {
            TokenAssert.Valid(result);
        }
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_EncHeader_TokenInvalid()
    {
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec().WithHeader("enc", "A256GCM"), Hmac)), TokenValidationOutcome.Malformed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_1)]
    [InlineData("JWT")]
    [InlineData("jwt")]
    public void Validate_NestedTokenContentType_TokenInvalid(string contentType)
    {
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec().WithHeader("cty", contentType), Hmac)), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_CriticalHeader_TokenInvalid()
    {
        var spec = Spec().WithRawHeader("crit", "[\"exp\"]");

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(spec, Hmac)), TokenValidationOutcome.Malformed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_UnknownHeaderMembers_Ignored()
    {
        var spec = Spec().WithHeader("typ", "at+jwt").WithRawHeader("x-extra", "{\"nested\":[1,2,{\"a\":null}]}");

        TokenAssert.Valid(_validator.Validate(TokenMinter.Mint(spec, Hmac)));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_2)]
    public void Validate_TokenOfExactlyMaxTokenBytes_Valid()
    {
        var token = TokenMinter.MintWithLength(Spec(), Hmac, TokenValidationOptions.MaxTokenBytesLimit);

        Assert.Equal(8192, token.Length);
        TokenAssert.Valid(_validator.Validate(token));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_2)]
    public void Validate_TokenOneByteOverMaxTokenBytes_TokenInvalid()
    {
        var token = TokenMinter.MintWithLength(Spec(), Hmac, TokenValidationOptions.MaxTokenBytesLimit + 1);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.TooLarge);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_2)]
    [InlineData(1024, 1024, true)]
    [InlineData(1024, 1025, false)]
    [InlineData(256, 257, false)]
    public void Validate_ConfiguredMaxTokenBytes_IsTheBoundary(int maxTokenBytes, int length, bool accepted)
    {
        var (validator, _) = Validator(options => options.MaxTokenBytes = maxTokenBytes);
        var token = length <= 300
            ? TokenMinter.MintWithLength(new TokenSpec().WithIssuer(Issuer), Hmac, length)
            : TokenMinter.MintWithLength(Spec(), Hmac, length);

        var result = validator.Validate(token);

        if (accepted)
        {
            TokenAssert.Valid(result);
        }
        else
        {
            TokenAssert.Invalid(result, TokenValidationOutcome.TooLarge);
        }
    }

    [Fact]
    [Trait("Requirement", Req.TOK_2)]
    public void Validate_FewCharactersButTooManyUtf8Bytes_TokenInvalidTooLarge()
    {
        // 3000 'é' are 3000 chars but 6000 bytes: the limit is on bytes.
        var token = new string('\u00e9', 3000) + "." + new string('\u00e9', 3000);

        Assert.True(token.Length <= 8192);
        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.TooLarge);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_2)]
    public void Validate_OversizedGarbage_RefusedForSizeBeforeParsing()
    {
        var garbage = new string('!', 9000);

        TokenAssert.Invalid(_validator.Validate(garbage), TokenValidationOutcome.TooLarge);
    }
}
