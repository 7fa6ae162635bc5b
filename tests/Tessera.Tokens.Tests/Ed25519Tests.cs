using Tessera.Protocol;
using Tessera.Tokens;

namespace Tessera.Tokens.Tests;

/// <summary>Ed25519 over the platform's OpenSSL, against the RFC 8032 section 7.1 test vectors (TOK-3, EdDSA).</summary>
public sealed class Ed25519Tests
{
    public static TheoryData<string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void IsSupported_LinuxWithOpenSsl_True()
    {
        // .NET's own cryptography needs libcrypto on Linux, so EdDSA is always available there.
        Assert.Equal(OperatingSystem.IsLinux() || Ed25519.IsSupported, Ed25519.IsSupported);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [MemberData(nameof(Rfc8032Vectors))]
    public void SignAndVerify_Rfc8032Vector_MatchExactly(string secret, string publicKey, string message, string signature)
    {
        var secretBytes = Convert.FromHexString(secret);
        var messageBytes = Convert.FromHexString(message);

        Assert.Equal(publicKey, Convert.ToHexStringLower(Ed25519.GetPublicKey(secretBytes)));
        Assert.Equal(signature, Convert.ToHexStringLower(Ed25519.Sign(secretBytes, messageBytes)));
        Assert.True(Ed25519.Verify(Convert.FromHexString(publicKey), messageBytes, Convert.FromHexString(signature)));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_5)]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verify_AnyBitFlipped_False(string secret, string publicKey, string message, string signature)
    {
        _ = secret;
        var key = Convert.FromHexString(publicKey);
        var data = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);
        for (var bit = 0; bit < sig.Length * 8; bit += 7)
        {
            var changed = (byte[])sig.Clone();
            changed[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Ed25519.Verify(key, data, changed), $"bit {bit}");
        }

        Assert.False(Ed25519.Verify(key, [.. data, 0], sig));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_5)]
    public void Verify_WrongSizesOrNonCanonicalS_FalseWithoutThrowing()
    {
        var secret = Ed25519.GeneratePrivateKey();
        var publicKey = Ed25519.GetPublicKey(secret);
        var signature = Ed25519.Sign(secret, "m"u8);

        Assert.True(Ed25519.Verify(publicKey, "m"u8, signature));
        Assert.False(Ed25519.Verify(publicKey[..31], "m"u8, signature));
        Assert.False(Ed25519.Verify(publicKey, "m"u8, signature[..63]));
        Assert.False(Ed25519.Verify([], "m"u8, []));

        // S + L (the group order) is the same scalar mod L; RFC 8032 requires S < L.
        var malleable = (byte[])signature.Clone();
        AddGroupOrder(malleable.AsSpan(32));
        Assert.False(Ed25519.Verify(publicKey, "m"u8, malleable));
    }

    [Theory]
    [Trait("Requirement", Req.TOK_3)]
    [MemberData(nameof(Rfc8032Vectors))]
    public void CryptoProviderFactory_EdDsaWithEd25519Key_SignsAndVerifiesTheRfc8032Vector(string secret, string publicKey, string message, string signature)
    {
        var factory = Ed25519CryptoProvider.CreateFactory();
        var input = Convert.FromHexString(message);
        var expected = Convert.FromHexString(signature);
        var signer = factory.CreateForSigning(Ed25519SecurityKey.FromPrivateKey(Convert.FromHexString(secret)), JwsAlgorithms.EdDSA);
        var verifier = factory.CreateForVerifying(new Ed25519SecurityKey(Convert.FromHexString(publicKey)), JwsAlgorithms.EdDSA);
        var framed = new byte[input.Length + 3];
        input.CopyTo(framed, 1);

        Assert.IsType<Ed25519SignatureProvider>(verifier);
        Assert.Equal(expected, signer.Sign(input));
        Assert.True(verifier.Verify(input, expected));
        Assert.True(verifier.Verify(framed, 1, input.Length, expected, 0, expected.Length));
        Assert.False(verifier.Verify(framed, 0, input.Length + 1, expected, 0, expected.Length));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void CryptoProviderFactory_PublicKeyOnly_CannotSign()
    {
        var factory = Ed25519CryptoProvider.CreateFactory();
        var key = new Ed25519SecurityKey(new byte[Ed25519.PublicKeySize]);

        Assert.Throws<InvalidOperationException>(() => factory.CreateForSigning(key, JwsAlgorithms.EdDSA));
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Ed25519CryptoProvider_OtherAlgorithmsOrKeys_LeftToIdentityModel()
    {
        var provider = new Ed25519CryptoProvider();
        var edKey = new Ed25519SecurityKey(new byte[Ed25519.PublicKeySize]);

        Assert.True(provider.IsSupportedAlgorithm(JwsAlgorithms.EdDSA, edKey, false));
        Assert.False(provider.IsSupportedAlgorithm(JwsAlgorithms.ES256, edKey, false));
        Assert.False(provider.IsSupportedAlgorithm(JwsAlgorithms.EdDSA, new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]), false));
        Assert.IsType<Microsoft.IdentityModel.Tokens.SymmetricSignatureProvider>(
            Ed25519CryptoProvider.CreateFactory().CreateForVerifying(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]), JwsAlgorithms.HS256));
    }

    private static void AddGroupOrder(Span<byte> scalar)
    {
        // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
        ReadOnlySpan<byte> order =
        [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
        ];
        var carry = 0;
        for (var i = 0; i < 32; i++)
        {
            var sum = scalar[i] + order[i] + carry;
            scalar[i] = (byte)sum;
            carry = sum >> 8;
        }
    }
}
