using Tessera.Protocol;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;

namespace Tessera.Server.Tests.Tokens;

/// <summary>Algorithms (TOK-3), key selection by kid (TOK-4) and signatures (TOK-5).</summary>
public sealed class TokenValidatorKeyTests
{
    private readonly TokenValidator _validator = Validator().Validator;

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [MemberData(nameof(AlgorithmData.Algorithms), MemberType = typeof(AlgorithmData))]
    public void Validate_EachAlgorithmWithItsKey_Valid(string algorithm)
    {
        var token = TokenMinter.Mint(Spec(), ByAlgorithm(algorithm));

        TokenAssert.Valid(_validator.Validate(token));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_5)]
    public void Validate_EveryAlgorithmFromManyThreadsAtOnce_EachGoodTokenValidEachForgeryRefused()
    {
        // One SignatureProvider per key and algorithm serves every request; its pools must hold under contention.
        var good = All.Select(key => TokenMinter.Mint(Spec(), key)).ToArray();
        var forged = good.Select(TokenMinter.TamperSignature).ToArray();
        var wrong = 0;

        Parallel.For(0, 600, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var index = i % good.Length;
            if (!_validator.Validate(good[index]).IsValid || _validator.Validate(forged[index]).Outcome != TokenValidationOutcome.BadSignature)
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void AcceptedAlgorithms_AllKeyKinds_UnionInSpecOrder()
    {
        Assert.Equal(["HS256", "HS512", "RS256", "PS256", "ES256", "EdDSA"], Ring.AcceptedAlgorithms);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("nOnE")]
    public void Validate_AlgNoneInAnyCase_TokenInvalid(string algorithm)
    {
        var signature = TokenMinter.Split(TokenMinter.Mint(Spec(), Hmac)).Signature;

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Unsigned(Spec(), algorithm)), TokenValidationOutcome.AlgorithmNotAllowed);
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Unsigned(Spec().WithHeader("kid", "hs-1"), algorithm)), TokenValidationOutcome.AlgorithmNotAllowed);
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Unsigned(Spec(), algorithm, signature)), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Validate_AlgNoneWithOnlyOneKeyConfigured_TokenInvalid()
    {
        var secret = SecretOptions(Hmac);
        secret.KeyId = null;
        var (validator, _) = Validator(ring: SigningKeyRing.Create([secret]));

        TokenAssert.Invalid(validator.Validate(TokenMinter.Unsigned(Spec())), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("hs256")]
    [InlineData("Hs256")]
    [InlineData("HS256 ")]
    [InlineData("HS1024")]
    [InlineData("ES384")]
    [InlineData("RSA-OAEP")]
    [InlineData("")]
    public void Validate_AlgNotExactlyASupportedName_TokenInvalid(string algorithm)
    {
        var token = TokenMinter.Mint(Spec().WithHeader("alg", algorithm), Hmac);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[\"HS256\"]")]
    public void Validate_AlgNotAString_TokenInvalid(string rawAlgorithm)
    {
        var token = TokenMinter.Mint(Spec().WithRawHeader("alg", rawAlgorithm), Hmac);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Validate_AlgMissing_TokenInvalid()
    {
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec().WithoutHeader("alg"), Hmac)), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    public static TheoryData<string, PublicKeyFormat, string> ConfusionCases()
    {
        var data = new TheoryData<string, PublicKeyFormat, string>();
        foreach (var publicAlgorithm in new[] { JwsAlgorithms.RS256, JwsAlgorithms.PS256, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA })
        {
            foreach (var format in Enum.GetValues<PublicKeyFormat>())
            {
                foreach (var hmac in JwsAlgorithms.Hmac)
                {
                    data.Add(publicAlgorithm, format, hmac);
                }
            }
        }

        return data;
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [MemberData(nameof(ConfusionCases))]
    public void Validate_HmacKeyedWithAPublicKey_TokenInvalid(string publicAlgorithm, PublicKeyFormat format, string hmacAlgorithm)
    {
        var token = TokenMinter.HmacWithPublicKey(Spec(), ByAlgorithm(publicAlgorithm), format, hmacAlgorithm);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData(PublicKeyFormat.Pem)]
    [InlineData(PublicKeyFormat.SubjectPublicKeyInfo)]
    [InlineData(PublicKeyFormat.Jwk)]
    [InlineData(PublicKeyFormat.Raw)]
    public void Validate_HmacKeyedWithTheOnlyKeyWithoutKid_TokenInvalid(PublicKeyFormat format)
    {
        // The most tempting setup for confusion: one RSA key, no kid anywhere.
        using var rsa = MintingKey.GenerateRsa(keyId: null);
        var (validator, _) = Validator(ring: SigningKeyRing.Create([], JwksDocument.Serialize([rsa])));

        var token = TokenMinter.HmacWithPublicKey(Spec(), rsa, format);

        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), rsa)));
        TokenAssert.Invalid(validator.Validate(token), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("rs-1", JwsAlgorithms.PS256)]
    [InlineData("ps-1", JwsAlgorithms.RS256)]
    [InlineData("hs-1", JwsAlgorithms.HS512)]
    [InlineData("hs-1", JwsAlgorithms.HS384)]
    [InlineData("hs-512", JwsAlgorithms.HS256)]
    public void Validate_AlgTheKeyDoesNotAllow_TokenInvalid(string keyId, string algorithm)
    {
        // Correctly signed with the selected key's material, but with an alg outside its allowlist.
        var key = All.Single(k => k.KeyId == keyId);

        var token = TokenMinter.Mint(Spec(), key, algorithm);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [InlineData("es-1", JwsAlgorithms.RS256)]
    [InlineData("rs-1", JwsAlgorithms.ES256)]
    [InlineData("ed-1", JwsAlgorithms.HS256)]
    [InlineData("hs-1", JwsAlgorithms.RS256)]
    [InlineData("hs-1", JwsAlgorithms.EdDSA)]
    public void Validate_AlgOfAnotherKeyType_TokenInvalid(string keyId, string algorithm)
    {
        var key = All.Single(k => k.KeyId == keyId);

        var token = TokenMinter.Mint(Spec().WithHeader("alg", algorithm), key);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_4)]
    [InlineData("unknown")]
    [InlineData("HS-1")]
    [InlineData("hs-1 ")]
    [InlineData(" hs-1")]
    [InlineData("hs-")]
    [InlineData("hs-1\u0000")]
    [InlineData("")]
    [InlineData("../../dev/null")]
    [InlineData("/dev/null")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://127.0.0.1:9/jwks.json")]
    [InlineData("' OR '1'='1")]
    [InlineData("hs-1' --")]
    public void Validate_KidMatchingNoKeyExactly_TokenInvalid(string keyId)
    {
        var token = TokenMinter.Mint(Spec().WithHeader("kid", keyId), Hmac);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.UnknownKey);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_KidNamingAFileWhoseContentSignedTheToken_TokenInvalid()
    {
        // If a kid were ever read as a path, this token would verify.
        var path = Path.Combine(Path.GetTempPath(), $"tessera-kid-{Guid.NewGuid():N}.key");
        File.WriteAllBytes(path, Hmac.ExportSecret());
        try
        {
            using var fileKey = MintingKey.Hmac(path, File.ReadAllBytes(path));

            TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec(), fileKey)), TokenValidationOutcome.UnknownKey);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_DevNullKidWithEmptySecret_TokenInvalid()
    {
        using var empty = MintingKey.Hmac("../../../../../../dev/null", ReadOnlySpan<byte>.Empty);

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec(), empty)), TokenValidationOutcome.UnknownKey);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_4)]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[\"hs-1\"]")]
    [InlineData("{\"kid\":\"hs-1\"}")]
    public void Validate_KidNotAString_TokenInvalid(string rawKeyId)
    {
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec().WithRawHeader("kid", rawKeyId), Hmac)), TokenValidationOutcome.UnknownKey);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_KidLongerThanAnyConfiguredKid_TokenInvalid()
    {
        var token = TokenMinter.Mint(Spec().WithHeader("kid", new string('k', 5000)), Hmac);

        TokenAssert.Invalid(_validator.Validate(token), TokenValidationOutcome.UnknownKey);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_KidWrittenWithJsonEscapes_SelectsTheSameKey()
    {
        // "hs\u002d1" is the JSON spelling of "hs-1": the same string, the same key.
        var token = TokenMinter.Mint(Spec().WithRawHeader("kid", "\"hs\\u002d1\""), Hmac);

        TokenAssert.Valid(_validator.Validate(token));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_KidOfAConfiguredKeyWithMaximumLength_Valid()
    {
        var keyId = new string('k', SigningKeyRing.MaxKeyIdLength);
        using var key = MintingKey.Hmac(keyId, Hmac.ExportSecret());
        var (validator, _) = Validator(ring: SigningKeyRing.Create([SecretOptions(key)]));

        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), key)));
        TokenAssert.Invalid(validator.Validate(TokenMinter.Mint(Spec().WithHeader("kid", keyId + "k"), key)), TokenValidationOutcome.UnknownKey);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_4)]
    [InlineData(JwsAlgorithms.HS256)]
    [InlineData(JwsAlgorithms.HS512)]
    [InlineData(JwsAlgorithms.RS256)]
    [InlineData(JwsAlgorithms.ES256)]
    [InlineData(JwsAlgorithms.EdDSA)]
    public void Validate_NoKidAndExactlyOneKeyAllowsTheAlg_Valid(string algorithm)
    {
        // In the standard ring each of these algorithms is allowed by exactly one key.
        var token = TokenMinter.Mint(Spec().WithoutHeader("kid"), ByAlgorithm(algorithm));

        TokenAssert.Valid(_validator.Validate(token));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_NoKidAndTwoKeysAllowTheAlg_TokenInvalid()
    {
        using var second = MintingKey.GenerateHmac("hs-2");
        var (validator, _) = Validator(ring: SigningKeyRing.Create([SecretOptions(Hmac), SecretOptions(second)]));

        TokenAssert.Valid(validator.Validate(TokenMinter.Mint(Spec(), Hmac)));
        TokenAssert.Invalid(validator.Validate(TokenMinter.Mint(Spec().WithoutHeader("kid"), Hmac)), TokenValidationOutcome.UnknownKey);
        TokenAssert.Invalid(validator.Validate(TokenMinter.Mint(Spec().WithoutHeader("kid"), second)), TokenValidationOutcome.UnknownKey);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_NoKidAndNoKeyAllowsTheAlg_TokenInvalid()
    {
        var (validator, _) = Validator(ring: SigningKeyRing.Create([SecretOptions(Hmac)]));

        TokenAssert.Invalid(validator.Validate(TokenMinter.Mint(Spec().WithoutHeader("kid"), Rsa)), TokenValidationOutcome.AlgorithmNotAllowed);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_4)]
    public void Validate_EmbeddedJwkHeader_NeverUsedAsKey()
    {
        // CVE-2018-0114 style: the token carries its own public key. Keys come only from configuration.
        using var attacker = MintingKey.GenerateRsa("rs-1");
        var spec = Spec().WithRawHeader("jwk", attacker.ToPublicJwk()).WithHeader("jku", "http://127.0.0.1:9/jwks.json");

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(spec, attacker)), TokenValidationOutcome.BadSignature);
        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(spec.WithoutHeader("kid"), attacker)), TokenValidationOutcome.BadSignature);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [MemberData(nameof(AlgorithmData.Algorithms), MemberType = typeof(AlgorithmData))]
    public void Validate_TamperedSignature_TokenInvalid(string algorithm)
    {
        var token = TokenMinter.Mint(Spec(), ByAlgorithm(algorithm));

        TokenAssert.Invalid(_validator.Validate(TokenMinter.TamperSignature(token)), TokenValidationOutcome.BadSignature);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [MemberData(nameof(AlgorithmData.Algorithms), MemberType = typeof(AlgorithmData))]
    public void Validate_TamperedPayload_TokenInvalid(string algorithm)
    {
        var token = TokenMinter.Mint(Spec(), ByAlgorithm(algorithm));

        var result = _validator.Validate(TokenMinter.ReplacePayload(token, Spec().WithRoles("admin")));

        TokenAssert.Invalid(result, TokenValidationOutcome.BadSignature);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [MemberData(nameof(AlgorithmData.Algorithms), MemberType = typeof(AlgorithmData))]
    public void Validate_SignedByAnotherKeyWithTheSameKid_TokenInvalid(string algorithm)
    {
        var trusted = ByAlgorithm(algorithm);
        using var stranger = JwsAlgorithms.IsHmac(algorithm)
            ? MintingKey.Hmac(trusted.KeyId, System.Security.Cryptography.RandomNumberGenerator.GetBytes(64), algorithm)
            : MintingKey.Generate(algorithm, trusted.KeyId);

        TokenAssert.Invalid(_validator.Validate(TokenMinter.Mint(Spec(), stranger)), TokenValidationOutcome.BadSignature);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [MemberData(nameof(AlgorithmData.Algorithms), MemberType = typeof(AlgorithmData))]
    public void Validate_EmptyOrTruncatedOrExtendedSignature_TokenInvalid(string algorithm)
    {
        var token = TokenMinter.Mint(Spec(), ByAlgorithm(algorithm));
        var (header, payload, signature) = TokenMinter.Split(token);
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(signature);

        foreach (var changed in new[] { "", TokenMinter.Encode(bytes[..^1]), TokenMinter.Encode([.. bytes, 0]), TokenMinter.Encode(new byte[bytes.Length]) })
        {
            TokenAssert.Invalid(_validator.Validate(header + "." + payload + "." + changed), TokenValidationOutcome.BadSignature);
        }
    }

    [Fact]
    [Trait("Requirement", Req.TOK_5)]
    public void Validate_Es256SignatureInDerForm_TokenInvalid()
    {
        // JWS wants r || s; a DER-encoded ECDSA signature is another encoding, not a valid one.
        var token = TokenMinter.Mint(Spec(), Ec);
        var (header, payload, signature) = TokenMinter.Split(token);
        var raw = System.Buffers.Text.Base64Url.DecodeFromChars(signature);
        var der = ConvertToDer(raw);

        TokenAssert.Valid(_validator.Validate(token));
        TokenAssert.Invalid(_validator.Validate(header + "." + payload + "." + TokenMinter.Encode(der)), TokenValidationOutcome.BadSignature);
    }

    private static byte[] ConvertToDer(byte[] rs)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(rs.AsSpan(0, 32));
            writer.WriteIntegerUnsigned(rs.AsSpan(32, 32));
        }

        return writer.Encode();
    }
}
