using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens;

/// <summary>
/// A private signing key with the <c>alg</c> it signs with and the <c>kid</c>
/// it announces: an HMAC secret, an RSA or P-256 key, or an Ed25519 key.
/// Used by the minter, the reference server's <c>token</c> command and the
/// suite's <c>--signing-key</c>; it can write its public half as a JWK and its
/// private half as PEM.
/// </summary>
public sealed class MintingKey : IDisposable
{
    // Ed25519 algorithm identifier, RFC 8410: id-Ed25519 = 1.3.101.112.
    private const string Ed25519Oid = "1.3.101.112";

    private readonly byte[]? _secret;
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[]? _ed25519PrivateKey;
    private readonly byte[]? _ed25519PublicKey;

    private MintingKey(string? keyId, string algorithm, byte[]? secret = null, RSA? rsa = null, ECDsa? ecdsa = null, byte[]? ed25519PrivateKey = null)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        _secret = secret;
        _rsa = rsa;
        _ecdsa = ecdsa;
        _ed25519PrivateKey = ed25519PrivateKey;
        _ed25519PublicKey = ed25519PrivateKey is null ? null : Tokens.Ed25519.GetPublicKey(ed25519PrivateKey);
    }

    /// <summary>The <c>kid</c> header the minter writes; null writes none.</summary>
    public string? KeyId { get; }

    /// <summary>The <c>alg</c> the key signs with.</summary>
    public string Algorithm { get; }

    /// <summary>True for an HMAC secret (no public half, no JWK).</summary>
    public bool IsSymmetric => _secret is not null;

    /// <summary>An HMAC key. Any length is allowed here; the server refuses secrets shorter than the hash.</summary>
    [SuppressMessage("ApiDesign", "RS0026", Justification = "The two overloads differ in the secret's type (bytes or text), so no call is ambiguous; the optional alg is shared on purpose.")]
    public static MintingKey Hmac(string? keyId, ReadOnlySpan<byte> secret, string algorithm = JwsAlgorithms.HS256)
    {
        RequireAlgorithm(algorithm, JwsAlgorithms.IsHmac(algorithm), "an HMAC secret");
        return new MintingKey(keyId, algorithm, secret: secret.ToArray());
    }

    /// <summary>An HMAC key whose secret is the UTF-8 bytes of <paramref name="secret"/>.</summary>
    [SuppressMessage("ApiDesign", "RS0026", Justification = "The two overloads differ in the secret's type (bytes or text), so no call is ambiguous; the optional alg is shared on purpose.")]
    public static MintingKey Hmac(string? keyId, string secret, string algorithm = JwsAlgorithms.HS256) =>
        Hmac(keyId, Encoding.UTF8.GetBytes(secret), algorithm);

    /// <summary>An HMAC key with a random secret as long as the hash (the shortest the server accepts).</summary>
    public static MintingKey GenerateHmac(string? keyId, string algorithm = JwsAlgorithms.HS256)
    {
        RequireAlgorithm(algorithm, JwsAlgorithms.IsHmac(algorithm), "an HMAC secret");
        return Hmac(keyId, RandomNumberGenerator.GetBytes(JwsAlgorithms.HmacSizeInBytes(algorithm)), algorithm);
    }

    /// <summary>An RSA key for RS256 or PS256. Takes ownership of <paramref name="rsa"/>.</summary>
    public static MintingKey Rsa(string? keyId, RSA rsa, string algorithm = JwsAlgorithms.RS256)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        RequireAlgorithm(algorithm, algorithm is JwsAlgorithms.RS256 or JwsAlgorithms.PS256, "an RSA key");
        return new MintingKey(keyId, algorithm, rsa: rsa);
    }

    /// <summary>A new RSA key; 2048 bits by default (the least the server accepts).</summary>
    public static MintingKey GenerateRsa(string? keyId, string algorithm = JwsAlgorithms.RS256, int keySizeInBits = 2048) =>
        Rsa(keyId, System.Security.Cryptography.RSA.Create(keySizeInBits), algorithm);

    /// <summary>A P-256 key for ES256. Takes ownership of <paramref name="ecdsa"/>.</summary>
    public static MintingKey EcdsaP256(string? keyId, ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        var curve = ecdsa.ExportParameters(false).Curve;
        if (curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new ArgumentException($"ES256 needs a P-256 key; this one is on {curve.Oid.FriendlyName ?? curve.Oid.Value}.", nameof(ecdsa));
        }

        return new MintingKey(keyId, JwsAlgorithms.ES256, ecdsa: ecdsa);
    }

    /// <summary>A new P-256 key for ES256.</summary>
    public static MintingKey GenerateEcdsaP256(string? keyId) => EcdsaP256(keyId, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>An Ed25519 key for EdDSA from its 32-byte private key (seed).</summary>
    /// <exception cref="PlatformNotSupportedException">When <see cref="Tokens.Ed25519.IsSupported"/> is false.</exception>
    public static MintingKey Ed25519(string? keyId, ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Tokens.Ed25519.PrivateKeySize)
        {
            throw new ArgumentException($"An Ed25519 private key is {Tokens.Ed25519.PrivateKeySize} bytes; got {privateKey.Length}.", nameof(privateKey));
        }

        return new MintingKey(keyId, JwsAlgorithms.EdDSA, ed25519PrivateKey: privateKey.ToArray());
    }

    /// <summary>A new Ed25519 key for EdDSA.</summary>
    /// <exception cref="PlatformNotSupportedException">When <see cref="Tokens.Ed25519.IsSupported"/> is false.</exception>
    public static MintingKey GenerateEd25519(string? keyId) => Ed25519(keyId, Tokens.Ed25519.GeneratePrivateKey());

    /// <summary>A new key of the kind <paramref name="algorithm"/> needs (HMAC secrets as long as the hash).</summary>
    public static MintingKey Generate(string algorithm, string? keyId) => algorithm switch
    {
        JwsAlgorithms.HS256 or JwsAlgorithms.HS384 or JwsAlgorithms.HS512 => GenerateHmac(keyId, algorithm),
        JwsAlgorithms.RS256 or JwsAlgorithms.PS256 => GenerateRsa(keyId, algorithm),
        JwsAlgorithms.ES256 => GenerateEcdsaP256(keyId),
        JwsAlgorithms.EdDSA => GenerateEd25519(keyId),
        _ => throw new ArgumentException($"Unknown algorithm '{algorithm}'; expected one of HS256, HS384, HS512, RS256, PS256, ES256, EdDSA.", nameof(algorithm)),
    };

    /// <summary>
    /// Reads a private key from PEM: "PRIVATE KEY" (PKCS#8, RSA, EC or
    /// Ed25519), "RSA PRIVATE KEY" or "EC PRIVATE KEY". The key kind must fit
    /// <paramref name="algorithm"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The PEM holds no usable key for the algorithm.</exception>
    public static MintingKey FromPem(string pem, string algorithm, string? keyId)
    {
        ArgumentNullException.ThrowIfNull(pem);
        try
        {
            switch (algorithm)
            {
                case JwsAlgorithms.RS256 or JwsAlgorithms.PS256:
                    var rsa = System.Security.Cryptography.RSA.Create();
                    rsa.ImportFromPem(pem);
                    return Rsa(keyId, rsa, algorithm);
                case JwsAlgorithms.ES256:
                    var ecdsa = ECDsa.Create();
                    ecdsa.ImportFromPem(pem);
                    return EcdsaP256(keyId, ecdsa);
                case JwsAlgorithms.EdDSA:
                    return Ed25519(keyId, ReadEd25519Pkcs8(pem));
                default:
                    throw new ArgumentException(
                        $"A PEM key signs RS256, PS256, ES256 or EdDSA, not '{algorithm}' (HMAC secrets are not PEM).", nameof(algorithm));
            }
        }
        catch (CryptographicException exception)
        {
            throw new ArgumentException($"The PEM text holds no {algorithm} private key: {exception.Message}", nameof(pem), exception);
        }
    }

    /// <summary>The HMAC secret (a copy), to configure a server with.</summary>
    /// <exception cref="InvalidOperationException">The key is not an HMAC key.</exception>
    public byte[] ExportSecret() => _secret is not null
        ? (byte[])_secret.Clone()
        : throw new InvalidOperationException("Only an HMAC key has a secret.");

    /// <summary>The private key as PKCS#8 PEM ("PRIVATE KEY").</summary>
    /// <exception cref="InvalidOperationException">The key is an HMAC secret.</exception>
    public string ExportPrivateKeyPem()
    {
        if (_rsa is not null)
        {
            return _rsa.ExportPkcs8PrivateKeyPem();
        }

        if (_ecdsa is not null)
        {
            return _ecdsa.ExportPkcs8PrivateKeyPem();
        }

        if (_ed25519PrivateKey is not null)
        {
            // PKCS#8 (RFC 5208) with the RFC 8410 CurvePrivateKey: an OCTET STRING inside the privateKey OCTET STRING.
            var inner = new AsnWriter(AsnEncodingRules.DER);
            inner.WriteOctetString(_ed25519PrivateKey);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Ed25519Oid);
                }

                writer.WriteOctetString(inner.Encode());
            }

            return PemEncoding.WriteString("PRIVATE KEY", writer.Encode());
        }

        throw new InvalidOperationException("An HMAC secret has no PEM form; use ExportSecret.");
    }

    /// <summary>The public key in <paramref name="format"/>.</summary>
    /// <exception cref="InvalidOperationException">The key is an HMAC secret.</exception>
    public byte[] ExportPublicKey(PublicKeyFormat format)
    {
        switch (format)
        {
            case PublicKeyFormat.Pem:
                return Encoding.UTF8.GetBytes(PemEncoding.WriteString("PUBLIC KEY", ExportSubjectPublicKeyInfo()));
            case PublicKeyFormat.SubjectPublicKeyInfo:
                return ExportSubjectPublicKeyInfo();
            case PublicKeyFormat.Jwk:
                return Encoding.UTF8.GetBytes(ToPublicJwk());
            case PublicKeyFormat.Raw:
                if (_rsa is not null)
                {
                    return _rsa.ExportParameters(false).Modulus!;
                }

                if (_ecdsa is not null)
                {
                    var point = _ecdsa.ExportParameters(false).Q;
                    return [0x04, .. point.X!, .. point.Y!];
                }

                return (byte[])PublicEd25519().Clone();
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    /// <summary>
    /// The public JWK (RFC 7517) as JSON text, with <c>kid</c> (when set),
    /// <c>use</c> = <c>sig</c> and <c>alg</c> = <see cref="Algorithm"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key is an HMAC secret.</exception>
    public string ToPublicJwk()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WritePublicJwk(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the public JWK as one JSON object.</summary>
    /// <exception cref="InvalidOperationException">The key is an HMAC secret.</exception>
    public void WritePublicJwk(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (_rsa is not null)
        {
            var parameters = _rsa.ExportParameters(false);
            writer.WriteString("kty", "RSA");
            writer.WriteString("n", Base64Url.EncodeToString(parameters.Modulus));
            writer.WriteString("e", Base64Url.EncodeToString(parameters.Exponent));
        }
        else if (_ecdsa is not null)
        {
            var point = _ecdsa.ExportParameters(false).Q;
            writer.WriteString("kty", "EC");
            writer.WriteString("crv", "P-256");
            writer.WriteString("x", Base64Url.EncodeToString(point.X));
            writer.WriteString("y", Base64Url.EncodeToString(point.Y));
        }
        else if (_ed25519PublicKey is not null)
        {
            writer.WriteString("kty", "OKP");
            writer.WriteString("crv", "Ed25519");
            writer.WriteString("x", Base64Url.EncodeToString(_ed25519PublicKey));
        }
        else
        {
            throw new InvalidOperationException("An HMAC secret has no public JWK; configure it as a shared secret.");
        }

        if (KeyId is not null)
        {
            writer.WriteString("kid", KeyId);
        }

        writer.WriteString("use", "sig");
        writer.WriteString("alg", Algorithm);
        writer.WriteEndObject();
    }

    /// <summary>Signs a JWS signing input with <see cref="Algorithm"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> signingInput) => Sign(Algorithm, signingInput);

    /// <summary>
    /// Signs with another algorithm of the same key kind (an RSA key signing
    /// PS256 although it announces RS256, an HMAC secret signing HS512):
    /// for tokens whose <c>alg</c> the server must not allow for the key (TOK-3).
    /// </summary>
    /// <exception cref="ArgumentException">The key cannot sign with <paramref name="algorithm"/>.</exception>
    public byte[] Sign(string algorithm, ReadOnlySpan<byte> signingInput)
    {
        if (_secret is not null && JwsAlgorithms.IsHmac(algorithm))
        {
            return algorithm switch
            {
                JwsAlgorithms.HS256 => HMACSHA256.HashData(_secret, signingInput),
                JwsAlgorithms.HS384 => HMACSHA384.HashData(_secret, signingInput),
                _ => HMACSHA512.HashData(_secret, signingInput),
            };
        }

        if (_rsa is not null && algorithm is JwsAlgorithms.RS256 or JwsAlgorithms.PS256)
        {
            // RSASignaturePadding.Pss salts with the hash length, as RFC 7518 section 3.5 requires.
            var padding = algorithm == JwsAlgorithms.RS256 ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
            return _rsa.SignData(signingInput, HashAlgorithmName.SHA256, padding);
        }

        if (_ecdsa is not null && algorithm == JwsAlgorithms.ES256)
        {
            return _ecdsa.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        if (_ed25519PrivateKey is not null && algorithm == JwsAlgorithms.EdDSA)
        {
            return Tokens.Ed25519.Sign(_ed25519PrivateKey, signingInput);
        }

        throw new ArgumentException($"This {Algorithm} key cannot sign {algorithm}.", nameof(algorithm));
    }

    /// <summary>
    /// This key as IdentityModel signing credentials for <see cref="Algorithm"/>,
    /// for <c>JsonWebTokenHandler.CreateToken</c>. The security key shares this
    /// key's material (no copy of an RSA or EC key), so the credentials must
    /// not outlive it; their factory caches nothing for the same reason.
    /// Null for the keys IdentityModel refuses to sign with but a minter may
    /// need: an HMAC secret shorter than its hash (RFC 7518 section 3.2), an
    /// RSA key under 2048 bits (section 3.3).
    /// </summary>
    internal SigningCredentials? CreateSigningCredentials()
    {
        SecurityKey securityKey;
        if (_secret is not null)
        {
            if (_secret.Length < JwsAlgorithms.HmacSizeInBytes(Algorithm))
            {
                return null;
            }

            securityKey = new SymmetricSecurityKey(_secret);
        }
        else if (_rsa is not null)
        {
            if (_rsa.KeySize < 2048)
            {
                return null;
            }

            securityKey = new RsaSecurityKey(_rsa);
        }
        else if (_ecdsa is not null)
        {
            securityKey = new ECDsaSecurityKey(_ecdsa);
        }
        else
        {
            securityKey = Ed25519SecurityKey.FromPrivateKey(_ed25519PrivateKey);
        }

        securityKey.KeyId = KeyId;
        return new SigningCredentials(securityKey, Algorithm) { CryptoProviderFactory = Ed25519CryptoProvider.CreateFactory() };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rsa?.Dispose();
        _ecdsa?.Dispose();
        if (_secret is not null)
        {
            CryptographicOperations.ZeroMemory(_secret);
        }

        if (_ed25519PrivateKey is not null)
        {
            CryptographicOperations.ZeroMemory(_ed25519PrivateKey);
        }
    }

    private byte[] ExportSubjectPublicKeyInfo()
    {
        if (_rsa is not null)
        {
            return _rsa.ExportSubjectPublicKeyInfo();
        }

        if (_ecdsa is not null)
        {
            return _ecdsa.ExportSubjectPublicKeyInfo();
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Ed25519Oid);
            }

            writer.WriteBitString(PublicEd25519());
        }

        return writer.Encode();
    }

    private static void RequireAlgorithm(string algorithm, bool fits, string keyKind)
    {
        if (!fits)
        {
            throw new ArgumentException($"'{algorithm}' cannot be used with {keyKind}.", nameof(algorithm));
        }
    }

    private byte[] PublicEd25519() =>
        _ed25519PublicKey ?? throw new InvalidOperationException("An HMAC secret has no public key.");

    private static byte[] ReadEd25519Pkcs8(string pem)
    {
        var fields = PemEncoding.Find(pem);
        var label = pem.AsSpan()[fields.Label];
        if (!label.SequenceEqual("PRIVATE KEY"))
        {
            throw new CryptographicException($"expected a \"PRIVATE KEY\" (PKCS#8) block, found \"{label}\"");
        }

        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var version = sequence.ReadInteger();
            var algorithm = sequence.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            if (version > 1 || oid != Ed25519Oid || algorithm.HasData)
            {
                throw new CryptographicException("the PKCS#8 key is not an Ed25519 key");
            }

            var inner = new AsnReader(sequence.ReadOctetString(), AsnEncodingRules.DER);
            var seed = inner.ReadOctetString();
            inner.ThrowIfNotEmpty();
            return seed.Length == Tokens.Ed25519.PrivateKeySize
                ? seed
                : throw new CryptographicException($"an Ed25519 private key is 32 bytes, found {seed.Length}");
        }
        catch (AsnContentException exception)
        {
            throw new CryptographicException("the PKCS#8 structure is malformed", exception);
        }
    }
}
