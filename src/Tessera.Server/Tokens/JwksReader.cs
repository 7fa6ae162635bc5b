using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Tokens;

namespace Tessera.Server.Tokens;

/// <summary>
/// Reads the public keys of a JWK Set (RFC 7517 section 5) into
/// <see cref="SigningKey"/>s, collecting one clear message per unusable key.
/// </summary>
/// <remarks>
/// Accepted: <c>kty</c> RSA (at least 2048 bits; RS256, PS256), EC with
/// <c>crv</c> P-256 (ES256), OKP with <c>crv</c> Ed25519 (EdDSA, where the
/// platform supports it). A key's <c>alg</c>, when present, is its whole
/// allowlist and must fit its type; without <c>alg</c> an RSA key allows RS256
/// and PS256, a P-256 key ES256 and an Ed25519 key EdDSA. Keys whose
/// <c>use</c> is not <c>sig</c> are skipped (a JWKS may carry encryption
/// keys). Refused outright, so that a mistake cannot pass unnoticed:
/// symmetric (<c>oct</c>) keys, which belong in the shared secrets; private
/// key members, which must never sit in a file the server reads for public
/// keys; and repeated member names.
/// </remarks>
internal static class JwksReader
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    public static List<SigningKey> Read(string json, string source, List<string> problems)
    {
        var keys = new List<SigningKey>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            problems.Add($"{source} is not valid JSON: {exception.Message}");
            return keys;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("keys", out var array)
                || array.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{source} is not a JWK Set: expected an object with a \"keys\" array (RFC 7517 section 5).");
                return keys;
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var name = $"{source}, keys[{index}]";
                try
                {
                    var key = ReadKey(element, ref name);
                    if (key is not null)
                    {
                        keys.Add(key);
                    }
                }
                catch (JwksKeyException exception)
                {
                    problems.Add($"{name}: {exception.Message}");
                }

                index++;
            }

            if (index == 0)
            {
                problems.Add($"{source} has an empty \"keys\" array.");
            }
        }

        return keys;
    }

    private static SigningKey? ReadKey(JsonElement element, ref string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JwksKeyException("a key must be a JSON object.");
        }

        var keyId = OptionalString(element, "kid");
        if (keyId is not null)
        {
            name += $" (kid '{keyId}')";
            if (keyId.Length > SigningKeyRing.MaxKeyIdLength)
            {
                throw new JwksKeyException($"kid is {keyId.Length} characters; at most {SigningKeyRing.MaxKeyIdLength} are allowed.");
            }
        }

        foreach (var member in PrivateMembers)
        {
            if (element.TryGetProperty(member, out _))
            {
                throw new JwksKeyException(member == "k"
                    ? "symmetric (\"k\") key material does not belong in the JWKS; configure it as a shared secret."
                    : $"holds private key material (\"{member}\"); the JWKS must contain public keys only.");
            }
        }

        var use = OptionalString(element, "use");
        if (use is not null && use != "sig")
        {
            return null;
        }

        var keyType = OptionalString(element, "kty") ?? throw new JwksKeyException("\"kty\" is missing.");
        var algorithmName = OptionalString(element, "alg");
        var algorithm = JwsAlgorithm.None;
        if (algorithmName is not null)
        {
            algorithm = JwsAlgorithmNames.Parse(algorithmName);
            if (algorithm == JwsAlgorithm.None)
            {
                throw new JwksKeyException($"alg '{algorithmName}' is not supported; public keys may use RS256, PS256, ES256 or EdDSA (TOK-3).");
            }
        }

        try
        {
            switch (keyType)
            {
                case "RSA":
                    var exponent = Bytes(element, "e");
                    if (!IsUsableExponent(exponent))
                    {
                        // e = 1 would make every "signature" its own message (RFC 8017 section 3.1: e >= 3, odd).
                        throw new JwksKeyException("the RSA exponent \"e\" must be an odd number of at least 3.");
                    }

                    var rsa = RSA.Create();
                    rsa.ImportParameters(new RSAParameters { Modulus = Bytes(element, "n"), Exponent = exponent });
                    return new RsaSigningKey(keyId, rsa, Allowlist(algorithm, JwsAlgorithm.Rsa, "an RSA key"));
                case "EC":
                    var curve = OptionalString(element, "crv");
                    if (curve != "P-256")
                    {
                        throw new JwksKeyException($"EC curve '{curve}' is not supported; ES256 needs P-256.");
                    }

                    var x = Bytes(element, "x");
                    var y = Bytes(element, "y");
                    if (x.Length != 32 || y.Length != 32)
                    {
                        throw new JwksKeyException("a P-256 key has 32-byte \"x\" and \"y\" coordinates.");
                    }

                    var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
                    return new EcdsaSigningKey(keyId, ecdsa, Allowlist(algorithm, JwsAlgorithm.ES256, "a P-256 key"));
                case "OKP":
                    var okpCurve = OptionalString(element, "crv");
                    if (okpCurve != "Ed25519")
                    {
                        throw new JwksKeyException($"OKP curve '{okpCurve}' is not supported; EdDSA needs Ed25519.");
                    }

                    if (!Ed25519.IsSupported)
                    {
                        throw new JwksKeyException("Ed25519 (EdDSA) is not supported on this platform: it needs OpenSSL 1.1.1 or later (libcrypto).");
                    }

                    return new Ed25519SigningKey(keyId, Bytes(element, "x"), Allowlist(algorithm, JwsAlgorithm.EdDSA, "an Ed25519 key"));
                case "oct":
                    throw new JwksKeyException("symmetric (\"oct\") keys do not belong in the JWKS; configure them as shared secrets.");
                default:
                    throw new JwksKeyException($"kty '{keyType}' is not supported; expected RSA, EC or OKP.");
            }
        }
        catch (CryptographicException exception)
        {
            throw new JwksKeyException($"the key is not a valid {keyType} public key: {exception.Message}");
        }
        catch (ArgumentException exception)
        {
            throw new JwksKeyException(exception.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static bool IsUsableExponent(byte[] exponent)
    {
        var value = new System.Numerics.BigInteger(exponent, isUnsigned: true, isBigEndian: true);
        return value >= 3 && !value.IsEven;
    }

    private static JwsAlgorithm Allowlist(JwsAlgorithm declared, JwsAlgorithm fits, string keyKind)
    {
        if (declared == JwsAlgorithm.None)
        {
            return fits;
        }

        return (declared & fits) != 0
            ? declared
            : throw new JwksKeyException($"alg '{JwsAlgorithmNames.NameOf(declared)}' cannot be used with {keyKind} (TOK-3).");
    }

    private static string? OptionalString(JsonElement element, string member)
    {
        if (!element.TryGetProperty(member, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new JwksKeyException($"\"{member}\" must be a string.");
    }

    private static byte[] Bytes(JsonElement element, string member)
    {
        var text = OptionalString(element, member) ?? throw new JwksKeyException($"\"{member}\" is missing.");
        try
        {
            var bytes = Base64Url.DecodeFromChars(text);
            return bytes.Length > 0 ? bytes : throw new JwksKeyException($"\"{member}\" is empty.");
        }
        catch (FormatException)
        {
            throw new JwksKeyException($"\"{member}\" is not base64url.");
        }
    }
}
