using System.Text.Json;
using Tessera.Server.Tokens;
using static Tessera.Testing.TestValidators;
using Tessera.Testing;

namespace Tessera.Tokens.Tests;

/// <summary>The shared minter and key files: what the suite and the tools rely on.</summary>
public sealed class TokenMinterTests
{
    public static TheoryData<string> Algorithms => new(All.Select(key => key.Algorithm));

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void MintWithLength_AnyReachableLength_ExactlyThatLong(string algorithm)
    {
        var key = ByAlgorithm(algorithm);
        var shortest = TokenMinter.Mint(Spec().WithHeader("pad", "").WithClaim("pad", ""), key).Length;

        for (var length = shortest + 4; length < shortest + 12; length++)
        {
            Assert.Equal(length, TokenMinter.MintWithLength(Spec(), key, length).Length);
        }
    }

    [Theory]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.PS256)]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public void FromPem_ExportedPrivateKey_SignsTokensTheJwksVerifies(string algorithm)
    {
        using var original = MintingKey.Generate(algorithm, "pem-1");
        var pem = original.ExportPrivateKeyPem();
        using var reloaded = MintingKey.FromPem(pem, algorithm, "pem-1");
        var (validator, _) = Validator(ring: SigningKeyRing.Create([], JwksDocument.Serialize([original])));

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(original.ToPublicJwk(), reloaded.ToPublicJwk());
        var result = validator.Validate(TokenMinter.Mint(Spec(), reloaded));
        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData(JwsAlgorithms.ES256, JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.RS256, JwsAlgorithms.EdDSA)]
    [InlineData(JwsAlgorithms.EdDSA, JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.RS256, JwsAlgorithms.HS256)]
    public void FromPem_KeyOfAnotherKind_ArgumentException(string keyAlgorithm, string requested)
    {
        var pem = ByAlgorithm(keyAlgorithm).ExportPrivateKeyPem();

        Assert.Throws<ArgumentException>(() => MintingKey.FromPem(pem, requested, "k"));
    }

    [Fact]
    public void WriteKeyPair_PublicJwksAndPrivatePem_NoPrivateMaterialInTheJwks()
    {
        var directory = Directory.CreateTempSubdirectory("tessera-keys-");
        try
        {
            var pemPath = Path.Combine(directory.FullName, "key.pem");
            var jwksPath = Path.Combine(directory.FullName, "jwks.json");

            JwksDocument.WriteKeyPair(Ec, pemPath, jwksPath);

            using var document = JsonDocument.Parse(File.ReadAllText(jwksPath));
            var jwk = Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray());
            Assert.Equal(["kty", "crv", "x", "y", "kid", "use", "alg"], jwk.EnumerateObject().Select(p => p.Name));
            Assert.Contains("PRIVATE KEY", File.ReadAllText(pemPath), StringComparison.Ordinal);
            var options = ValidationOptions(o => o.JwksPath = jwksPath);
            var result = new TokenValidator(options, new FixedClock(Now)).Validate(TokenMinter.Mint(Spec(), MintingKey.FromPem(File.ReadAllText(pemPath), "ES256", "es-1")));
            Assert.True(result.IsValid, result.ToString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void JwksDocument_HmacKey_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => JwksDocument.Serialize([Hmac]));
    }

    [Fact]
    public void TamperSignature_GoodToken_ChangesOnlyTheSignature()
    {
        var token = TokenMinter.Mint(Spec(), Hmac);

        var tampered = TokenMinter.TamperSignature(token);

        Assert.NotEqual(token, tampered);
        Assert.Equal(TokenMinter.Split(token).Header, TokenMinter.Split(tampered).Header);
        Assert.Equal(TokenMinter.Split(token).Payload, TokenMinter.Split(tampered).Payload);
        Assert.Equal(token.Length, tampered.Length);
    }

    [Fact]
    public void HeaderJson_Defaults_AlgTypKidInOrder()
    {
        Assert.Equal("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"hs-1\"}", TokenMinter.HeaderJson(new TokenSpec(), "HS256", "hs-1"));
        Assert.Equal("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"x\",\"kid\":\"hs-1\"}",
            TokenMinter.HeaderJson(new TokenSpec().WithHeader("kid", "x").WithDuplicateHeader("kid", "\"hs-1\""), "HS256", "hs-1"));
        Assert.Equal("{\"alg\":\"HS256\"}", TokenMinter.HeaderJson(new TokenSpec().WithoutHeader("typ").WithoutHeader("kid"), "HS256", "hs-1"));
    }

    [Fact]
    public void NumericDate_InstantWithTicks_ExactSecondsText()
    {
        Assert.Equal("0", NumericDate.ToJson(DateTimeOffset.UnixEpoch));
        Assert.Equal("1.5", NumericDate.ToJson(DateTimeOffset.UnixEpoch.AddMilliseconds(1500)));
        Assert.Equal("0.0000001", NumericDate.ToJson(DateTimeOffset.UnixEpoch.AddTicks(1)));
        Assert.Equal("-1", NumericDate.ToJson(DateTimeOffset.UnixEpoch.AddSeconds(-1)));
    }
}
