using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Protocol;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// An independent JOSE implementation (Microsoft.IdentityModel) agrees with
/// ours: it accepts what the minter signs, and the validator accepts what it
/// signs. Guards against a minter and a validator that are wrong in the same way.
/// </summary>
public sealed class TokenInteropTests
{
    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [InlineData(JwsAlgorithms.HS256)]
    [InlineData(JwsAlgorithms.HS512)]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.PS256)]
    [InlineData(JwsAlgorithms.ES256)]
    public async Task MintedToken_ValidatedByIdentityModel_Valid(string algorithm)
    {
        var key = ByAlgorithm(algorithm);
        var token = TokenMinter.Mint(Spec().WithRoles("b", "a"), key);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            ValidateLifetime = false,
            IssuerSigningKey = VerificationKey(key),
            ValidAlgorithms = [algorithm],
        };

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(Subject, ((JsonWebToken)result.SecurityToken).Subject);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [InlineData(JwsAlgorithms.HS256)]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.PS256)]
    [InlineData(JwsAlgorithms.ES256)]
    public void IdentityModelToken_ValidatedByTokenValidator_Valid(string algorithm)
    {
        var key = ByAlgorithm(algorithm);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", Subject)]),
            IssuedAt = Now.UtcDateTime,
            NotBefore = Now.UtcDateTime,
            Expires = (Now + TimeSpan.FromMinutes(30)).UtcDateTime,
            Claims = new Dictionary<string, object> { ["roles"] = new List<string> { "writer", "member" } },
            SigningCredentials = new SigningCredentials(SigningKey(key), algorithm),
        };
        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        var (validator, _) = Validator();

        var claims = TokenAssert.Valid(validator.Validate(token));

        Assert.Equal(Subject, claims.Subject);
        Assert.Equal(["member", "writer"], claims.Roles);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_5)]
    public async Task MintedEdDsaToken_ValidatedByIdentityModelWithTheEd25519Provider_Valid()
    {
        var token = TokenMinter.Mint(Spec(), Ed);
        var parameters = EdDsaParameters();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.False(TokenMinter.IsHandlerMintable(Spec()));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_5)]
    public async Task MintedEdDsaToken_TamperedSignature_RefusedByIdentityModelWithTheEd25519Provider()
    {
        var token = TokenMinter.TamperSignature(TokenMinter.Mint(Spec(), Ed));
        var parameters = EdDsaParameters();

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [MemberData(nameof(AlgorithmData.Algorithms), MemberType = typeof(AlgorithmData))]
    public void MintValid_WholeSecondSpec_HandlerTokenTheValidatorAccepts(string algorithm)
    {
        var key = ByAlgorithm(algorithm);
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds());
        var spec = TokenSpec.ForUser(Issuer, Subject, issuedAt, TimeSpan.FromHours(1), "writer", "member").WithClaim("level", 3);
        var (validator, _) = Validator();

        var token = TokenMinter.MintValid(spec, key);

        // The handler's header order (alg, kid, typ), not the hand minter's (alg, typ, kid).
        using var header = System.Text.Json.JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(TokenMinter.Split(token).Header));
        Assert.Equal(["alg", "kid", "typ"], header.RootElement.EnumerateObject().Select(member => member.Name));
        Assert.NotEqual(TokenMinter.Mint(spec, key), token);
        var claims = TokenAssert.Valid(validator.Validate(token));
        Assert.Equal(Subject, claims.Subject);
        Assert.Equal(["member", "writer"], claims.Roles);
        Assert.Equal(issuedAt, claims.IssuedAt);
        Assert.Equal(issuedAt + TimeSpan.FromHours(1), claims.ExpiresAt);
    }

    [Fact]
    public void MintValid_SpecTheHandlerCannotWrite_HandMintedExactly()
    {
        var whole = TokenSpec.ForUser(Issuer, Subject, DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds()), TimeSpan.FromHours(1));
        TokenSpec[] specs =
        [
            Spec(),
            whole.WithHeader("x-ext", "1"),
            whole.WithDuplicateClaim("sub", "\"admin\""),
            whole.WithRawClaim("exp", "1.9e9"),
            whole.WithRawClaim("ext", "{\"a\":1}"),
            whole.WithRawClaim("ext", "1.5"),
        ];

        foreach (var spec in specs)
        {
            Assert.False(TokenMinter.IsHandlerMintable(spec));
            Assert.Equal(TokenMinter.Mint(spec, Hmac), TokenMinter.MintValid(spec, Hmac));
        }
    }

    [Fact]
    public void MintValid_HmacSecretShorterThanTheHash_HandMinted()
    {
        // IdentityModel will not sign with it; a suite aimed at a server that takes it still must.
        using var shortSecret = MintingKey.Hmac("short", new byte[16]);
        var spec = TokenSpec.ForUser(Issuer, Subject, DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds()), TimeSpan.FromHours(1));

        Assert.True(TokenMinter.IsHandlerMintable(spec));
        Assert.Equal(TokenMinter.Mint(spec, shortSecret), TokenMinter.MintValid(spec, shortSecret));
    }

    [Fact]
    public void MintValid_RsaKeyUnder2048Bits_HandMinted()
    {
        using var small = MintingKey.GenerateRsa("small", keySizeInBits: 1024);
        var spec = TokenSpec.ForUser(Issuer, Subject, DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds()), TimeSpan.FromHours(1));

        // RS256 (PKCS#1 v1.5) is deterministic, so the hand minter's token is reproduced exactly.
        Assert.Equal(TokenMinter.Mint(spec, small), TokenMinter.MintValid(spec, small));
    }

    private static SecurityKey VerificationKey(MintingKey key) =>
        key.IsSymmetric ? new SymmetricSecurityKey(key.ExportSecret()) { KeyId = key.KeyId } : new JsonWebKey(key.ToPublicJwk());

    private static SecurityKey SigningKey(MintingKey key)
    {
        if (key.IsSymmetric)
        {
            return new SymmetricSecurityKey(key.ExportSecret()) { KeyId = key.KeyId };
        }

        if (key.Algorithm == JwsAlgorithms.ES256)
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(key.ExportPrivateKeyPem());
            return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(key.ExportPrivateKeyPem());
        return new RsaSecurityKey(rsa) { KeyId = key.KeyId };
    }

    /// <summary>IdentityModel's validation of our EdDSA tokens: the Ed25519 key and provider, issuer only.</summary>
    private static TokenValidationParameters EdDsaParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidateAudience = false,
        ValidateLifetime = false,
        IssuerSigningKey = new Ed25519SecurityKey(Ed.ExportPublicKey(PublicKeyFormat.Raw)) { KeyId = Ed.KeyId },
        CryptoProviderFactory = Ed25519CryptoProvider.CreateFactory(),
        ValidAlgorithms = [JwsAlgorithms.EdDSA],
    };
}
