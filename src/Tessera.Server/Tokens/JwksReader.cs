using System.Buffers.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Tessera.Tokens;

namespace Tessera.Server.Tokens;

/// <summary>
/// Reads the public keys of a JWK Set (RFC 7517 section 5) into
/// <see cref="SigningKey"/>s, collecting one clear message per unusable key.
/// IdentityModel parses the set (<see cref="JsonWebKeySet"/>) and turns its
/// RSA and EC keys into <see cref="SecurityKey"/>s (<see cref="JsonWebKeyConverter"/>);
/// Ed25519 keys become <see cref="Ed25519SecurityKey"/>s.
/// </summary>
/// <remarks>
/// <para>
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
/// </para>
/// <para>
/// Why some of this is still written by hand: IdentityModel takes the last of
/// two repeated members, loads private members and <c>oct</c> keys, accepts
/// any RSA exponent and key size and any EC coordinate length, and fails the
/// whole set on one mistyped member. The checks before and after its parsing
/// are the TOK-3 rules it does not make, with one message per key.
/// </para>
/// </remarks>
internal static class JwksReader
{
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    // The members read below; any of them that is not a string is refused by name.
    private static readonly string[] StringMembers = ["kid", "kty", "use", "alg", "crv", "n", "e", "x", "y"];

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

            if (array.GetArrayLength() == 0)
            {
                problems.Add($"{source} has an empty \"keys\" array.");
                return keys;
            }

            // The keys that pass the checks IdentityModel does not make, with their names.
            var names = new List<string>();
            var texts = new List<string>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var name = $"{source}, keys[{index}]";
                try
                {
                    CheckBeforeParsing(element, ref name);
                    names.Add(name);
                    texts.Add(element.GetRawText());
                }
                catch (JwksKeyException exception)
                {
                    problems.Add($"{name}: {exception.Message}");
                }

                index++;
            }

            if (texts.Count == 0)
            {
                return keys;
            }

            JsonWebKeySet set;
            try
            {
                set = new JsonWebKeySet("{\"keys\":[" + string.Join(",", texts) + "]}");
            }
            catch (ArgumentException exception)
            {
                // The outer message hides the JSON as PII; the inner one names the member.
                problems.Add($"{source} is not a JWK Set IdentityModel can read: {(exception.InnerException ?? exception).Message}");
                return keys;
            }

            var factory = Ed25519CryptoProvider.CreateFactory();
            for (var i = 0; i < set.Keys.Count; i++)
            {
                try
                {
                    if (ReadKey(set.Keys[i], factory) is { } key)
                    {
                        keys.Add(key);
                    }
                }
                catch (JwksKeyException exception)
                {
                    problems.Add($"{names[i]}: {exception.Message}");
                }
            }
        }

        return keys;
    }

    // Member types, the kid's length and private material: what a key must
    // pass before IdentityModel reads it.
    private static void CheckBeforeParsing(JsonElement element, ref string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JwksKeyException("a key must be a JSON object.");
        }

        foreach (var member in StringMembers)
        {
            if (element.TryGetProperty(member, out var value) && value.ValueKind != JsonValueKind.String)
            {
                throw new JwksKeyException($"\"{member}\" must be a string.");
            }
        }

        if (element.TryGetProperty("kid", out var kid))
        {
            var keyId = kid.GetString()!;
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
    }

    private static SigningKey? ReadKey(JsonWebKey jwk, CryptoProviderFactory factory)
    {
        if (jwk.Use is not null && jwk.Use != "sig")
        {
            return null;
        }

        var keyId = jwk.Kid;
        var keyType = jwk.Kty ?? throw new JwksKeyException("\"kty\" is missing.");
        var algorithm = JwsAlgorithm.None;
        if (jwk.Alg is { } algorithmName)
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
                    Bytes(jwk.N, "n");
                    if (!IsUsableExponent(Bytes(jwk.E, "e")))
                    {
                        // e = 1 would make every "signature" its own message (RFC 8017 section 3.1: e >= 3, odd).
                        throw new JwksKeyException("the RSA exponent \"e\" must be an odd number of at least 3.");
                    }

                    return SigningKey.Rsa(keyId, Convert<RsaSecurityKey>(jwk), Allowlist(algorithm, JwsAlgorithm.Rsa, "an RSA key"), factory);
                case "EC":
                    if (jwk.Crv != "P-256")
                    {
                        throw new JwksKeyException($"EC curve '{jwk.Crv}' is not supported; ES256 needs P-256.");
                    }

                    if (Bytes(jwk.X, "x").Length != 32 || Bytes(jwk.Y, "y").Length != 32)
                    {
                        throw new JwksKeyException("a P-256 key has 32-byte \"x\" and \"y\" coordinates.");
                    }

                    return SigningKey.EcdsaP256(keyId, Convert<ECDsaSecurityKey>(jwk), Allowlist(algorithm, JwsAlgorithm.ES256, "a P-256 key"), factory);
                case "OKP":
                    if (jwk.Crv != "Ed25519")
                    {
                        throw new JwksKeyException($"OKP curve '{jwk.Crv}' is not supported; EdDSA needs Ed25519.");
                    }

                    if (!Ed25519.IsSupported)
                    {
                        throw new JwksKeyException("Ed25519 (EdDSA) is not supported on this platform: it needs OpenSSL 1.1.1 or later (libcrypto).");
                    }

                    var allowed = Allowlist(algorithm, JwsAlgorithm.EdDSA, "an Ed25519 key");
                    return SigningKey.Ed25519(keyId, new Ed25519SecurityKey(Bytes(jwk.X, "x")), allowed, factory);
                case "oct":
                    throw new JwksKeyException("symmetric (\"oct\") keys do not belong in the JWKS; configure them as shared secrets.");
                default:
                    throw new JwksKeyException($"kty '{keyType}' is not supported; expected RSA, EC or OKP.");
            }
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or InvalidOperationException or NotSupportedException)
        {
            throw new JwksKeyException($"the key is not a valid {keyType} public key: {exception.Message}");
        }
        catch (ArgumentException exception)
        {
            throw new JwksKeyException(exception.Message.Split(" (Parameter", 2)[0]);
        }
    }

    // IdentityModel's own conversion of a JWK into the SecurityKey type that verifies it.
    private static T Convert<T>(JsonWebKey jwk)
        where T : SecurityKey =>
        JsonWebKeyConverter.TryConvertToSecurityKey(jwk, out var key) && key is T typed
            ? typed
            : throw new JwksKeyException($"the key is not a valid {jwk.Kty} public key.");

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

    // Strict base64url (IdentityModel's decoder is lenient), with a message per member.
    private static byte[] Bytes(string? text, string member)
    {
        if (text is null)
        {
            throw new JwksKeyException($"\"{member}\" is missing.");
        }

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
