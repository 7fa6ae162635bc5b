using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tessera.Tokens;
using static Tessera.Server.Tests.Tokens.TokenTestKeys;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// An independent JOSE implementation (Microsoft.IdentityModel) agrees with
/// ours: it accepts what the minter signs, and the validator accepts what it
/// signs. Guards against a minter and a validator that are wrong in the same way.
/// </summary>
public sealed class TokenInteropTests
{
    [Theory]
    [Trait("Requirement", "TOK-5")]
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
    [Trait("Requirement", "TOK-5")]
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
}
