using System.Text.Json.Nodes;
using Tessera.Protocol;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;
using Tessera.Testing;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// Building the key table from configuration (TOK-3, TOK-4): what is loaded,
/// and a clear message for everything that is not.
/// </summary>
public sealed class SigningKeyRingTests
{
    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Create_StandardKeys_AllLoadedWithTheirKids()
    {
        Assert.Equal(6, Ring.Count);
        Assert.Equal(["ed-1", "es-1", "hs-1", "hs-512", "ps-1", "rs-1"], Ring.KeyIds);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData(SecretEncoding.Base64)]
    [InlineData(SecretEncoding.Base64Url)]
    [InlineData(SecretEncoding.Utf8)]
    public void Create_SecretInEachEncoding_VerifiesTokensOfThatSecret(SecretEncoding encoding)
    {
        var secret = "0123456789abcdefghijklmnopqrstuvwxyz"u8.ToArray();
        using var key = MintingKey.Hmac("k", secret);
        var text = encoding switch
        {
            SecretEncoding.Base64 => Convert.ToBase64String(secret).TrimEnd('='),
            SecretEncoding.Base64Url => TokenMinter.Encode(secret),
            _ => System.Text.Encoding.UTF8.GetString(secret),
        };
        var options = new SharedSecretOptions { KeyId = "k", Secret = text, Encoding = encoding };
        var (validator, _) = Validator(ring: SigningKeyRing.Create([options]));

        Assert.Equal(secret, options.GetSecretBytes());
        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), key)));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData(31, "HS256")]
    [InlineData(47, "HS384")]
    [InlineData(63, "HS512")]
    [InlineData(32, "HS512")]
    public void Create_SecretShorterThanTheHash_Refused(int length, string algorithm)
    {
        var options = new SharedSecretOptions { KeyId = "short", Secret = Convert.ToBase64String(new byte[length]), Algorithms = [algorithm] };

        var problem = Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([options])).Problems);

        Assert.Contains("'short'", problem, StringComparison.Ordinal);
        Assert.Contains($"{length} bytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Create_SecretOfExactlyTheHashSize_Accepted()
    {
        var ring = SigningKeyRing.Create(
        [
            new SharedSecretOptions { KeyId = "a", Secret = Convert.ToBase64String(new byte[32]) },
            new SharedSecretOptions { KeyId = "b", Secret = Convert.ToBase64String(new byte[64]), Algorithms = ["HS256", "HS384", "HS512"] },
        ]);

        Assert.Equal(["HS256", "HS384", "HS512"], ring.AcceptedAlgorithms);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("RS256")]
    [InlineData("none")]
    [InlineData("hs256")]
    [InlineData("EdDSA")]
    public void Create_SecretWithANonHmacAlgorithm_Refused(string algorithm)
    {
        var options = new SharedSecretOptions { KeyId = "s", Secret = Convert.ToBase64String(new byte[64]), Algorithms = ["HS256", algorithm] };

        var problem = Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([options])).Problems);

        Assert.Contains("HMAC", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!", SecretEncoding.Base64)]
    [InlineData("", SecretEncoding.Utf8)]
    [InlineData("a+b/", SecretEncoding.Base64Url)]
    public void Create_SecretUnreadableOrEmpty_Refused(string secret, SecretEncoding encoding)
    {
        var options = new SharedSecretOptions { KeyId = "s", Secret = secret, Encoding = encoding };

        Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([options])).Problems);
        Assert.Throws<FormatException>(options.GetSecretBytes);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Create_TwoKeysWithOneKid_Refused()
    {
        using var ec = MintingKey.GenerateEcdsaP256("hs-1");

        var exception = Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([SecretOptions(Hmac)], JwksDocument.Serialize([ec])));

        Assert.Contains("'hs-1'", Assert.Single(exception.Problems), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Create_KidLongerThan256_Refused()
    {
        var options = new SharedSecretOptions { KeyId = new string('k', 257), Secret = Convert.ToBase64String(new byte[32]) };

        Assert.Contains("256", Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([options])).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void FromOptions_JwksFileMissing_MessageNamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-missing-{Guid.NewGuid():N}.json");
        var options = ValidationOptions(o => o.JwksPath = path);

        var exception = Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.FromOptions(options));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be read", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromOptions_JwksFileAndSecrets_LoadsBoth()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-jwks-{Guid.NewGuid():N}.json");
        JwksDocument.WriteFile(path, [Ec]);
        try
        {
            var options = ValidationOptions(o =>
            {
                o.JwksPath = path;
                o.SharedSecrets = [SecretOptions(Hmac)];
            });

            var validator = new TokenValidator(options, new FixedClock(Now));

            Assert.Equal(["es-1", "hs-1"], validator.Keys.KeyIds);
            TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), Ec)));
            TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), Hmac)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "not a JWK Set")]
    [InlineData("{\"keys\":{}}", "not a JWK Set")]
    [InlineData("{\"keys\":[]}", "empty")]
    [InlineData("{\"keys\":[1]}", "JSON object")]
    [InlineData("{\"keys\":[{\"kid\":\"x\"}]}", "kty")]
    [InlineData("{\"keys\":[{\"kty\":\"XYZ\",\"kid\":\"x\"}]}", "'XYZ'")]
    [InlineData("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"x\",\"k\":\"AAAA\"}]}", "shared secret")]
    [InlineData("{\"keys\":[{\"kty\":\"EC\",\"kid\":\"x\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}]}", "P-384")]
    [InlineData("{\"keys\":[{\"kty\":\"OKP\",\"kid\":\"x\",\"crv\":\"X25519\",\"x\":\"AA\"}]}", "X25519")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"x\",\"n\":\"!!\",\"e\":\"AQAB\"}]}", "base64url")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"x\",\"e\":\"AQAB\"}]}", "\"n\" is missing")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kid\":1,\"n\":\"AQAB\",\"e\":\"AQAB\"}]}", "\"kid\" must be a string")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kty\":\"EC\"}]}", "not valid JSON")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":5}]}", "x5c")]
    public void Create_UnusableJwks_ClearMessage(string jwks, string expected)
    {
        var exception = Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([], jwks, "JWKS file 'keys.json'"));

        var problem = Assert.Single(exception.Problems);
        Assert.Contains("JWKS file 'keys.json'", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("d")]
    [InlineData("p")]
    [InlineData("dp")]
    public void Create_JwksWithPrivateKeyMaterial_Refused(string member)
    {
        var jwk = JsonNode.Parse(Rsa.ToPublicJwk())!.AsObject();
        jwk[member] = "AQAB";

        var problem = Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([], Set(jwk))).Problems);

        Assert.Contains("private", problem, StringComparison.Ordinal);
        Assert.Contains("'rs-1'", problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Create_RsaKeySmallerThan2048Bits_Refused()
    {
        using var small = MintingKey.GenerateRsa("small", keySizeInBits: 1024);

        var problem = Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([], JwksDocument.Serialize([small]))).Problems);

        Assert.Contains("2048", problem, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("AQ")]
    [InlineData("Ag")]
    [InlineData("AAE")]
    [InlineData("AQAA")]
    public void Create_RsaExponentBelowThreeOrEven_Refused(string exponent)
    {
        // e = 1 makes the "signature" equal the padded message: anyone could forge it.
        var jwk = JsonNode.Parse(Rsa.ToPublicJwk())!.AsObject();
        jwk["e"] = exponent;

        var problem = Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([], Set(jwk))).Problems);

        Assert.Contains("exponent", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PrivateMaterialInAnEncryptionKey_StillRefused()
    {
        var jwk = JsonNode.Parse(Rsa.ToPublicJwk())!.AsObject();
        jwk["use"] = "enc";
        jwk["d"] = "AQAB";

        Assert.Contains("private", Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([], Set(jwk))).Problems), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Create_EcPointNotOnTheCurve_Refused()
    {
        var jwk = JsonNode.Parse(Ec.ToPublicJwk())!.AsObject();
        jwk["y"] = TokenMinter.Encode(new byte[32]);

        var problem = Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([], Set(jwk))).Problems);

        Assert.Contains("'es-1'", problem, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("RS256", "ES256")]
    [InlineData("RS256", "HS256")]
    [InlineData("ES256", "RS256")]
    [InlineData("EdDSA", "ES256")]
    [InlineData("RS256", "none")]
    public void Create_JwkAlgThatDoesNotFitItsKeyType_Refused(string keyAlgorithm, string declared)
    {
        var jwk = JsonNode.Parse(ByAlgorithm(keyAlgorithm).ToPublicJwk())!.AsObject();
        jwk["alg"] = declared;

        var problem = Assert.Single(Assert.Throws<TokenConfigurationException>(() => SigningKeyRing.Create([], Set(jwk))).Problems);

        Assert.Contains($"'{declared}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Create_JwkWithoutAlg_AllowsEveryAlgorithmOfItsType()
    {
        var rsa = JsonNode.Parse(Rsa.ToPublicJwk())!.AsObject();
        rsa.Remove("alg");
        var ec = JsonNode.Parse(Ec.ToPublicJwk())!.AsObject();
        ec.Remove("alg");
        var ring = SigningKeyRing.Create([], Set(rsa, ec));
        var (validator, _) = Validator(ring: ring);

        Assert.Equal(["RS256", "PS256", "ES256"], ring.AcceptedAlgorithms);
        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), Rsa, JwsAlgorithms.PS256)));
        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), Rsa, JwsAlgorithms.RS256)));
    }

    [Fact]
    public void Create_JwkForEncryption_Skipped()
    {
        var encryption = JsonNode.Parse(Pss.ToPublicJwk())!.AsObject();
        encryption["use"] = "enc";
        var signing = JsonNode.Parse(Ec.ToPublicJwk())!.AsObject();

        var ring = SigningKeyRing.Create([], Set(encryption, signing));

        Assert.Equal(["es-1"], ring.KeyIds);
    }

    [Fact]
    public void Create_SeveralBadKeys_EveryProblemListed()
    {
        var jwks = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AA\"},{\"kty\":\"EC\",\"crv\":\"P-521\"}," + Ec.ToPublicJwk() + "]}";

        var exception = Assert.Throws<TokenConfigurationException>(() =>
            SigningKeyRing.Create([new SharedSecretOptions { KeyId = "s", Secret = "AA" }], jwks));

        Assert.Equal(3, exception.Problems.Count);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Create_KeysWithoutKid_UsableOnlyByKidlessTokens()
    {
        using var rsa = MintingKey.GenerateRsa(keyId: null);
        var ring = SigningKeyRing.Create([], JwksDocument.Serialize([rsa]));
        var (validator, _) = Validator(ring: ring);

        Assert.Empty(ring.KeyIds);
        Assert.Equal(1, ring.Count);
        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), rsa)));
        TokenAssert.Invalid(validator.Validate(TokenMinter.Mint(Spec().WithHeader("kid", "anything"), rsa)), TokenValidationOutcome.UnknownKey);
    }

    private static string Set(params JsonObject[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();
}
