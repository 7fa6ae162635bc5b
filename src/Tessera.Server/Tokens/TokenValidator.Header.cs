using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Tessera.Server.Tokens;

/// <summary>The JOSE header: its shape (TOK-1), <c>alg</c> (TOK-3) and <c>kid</c> (TOK-4).</summary>
internal sealed partial class TokenValidator
{
    /// <summary>
    /// Reads the header and selects the key; false with the refusal in
    /// <paramref name="failure"/> when either is not fine.
    /// </summary>
    /// <remarks>
    /// Repeated members are refused later, once the signature holds
    /// (<see cref="RefuseRepeats"/>): here the first or last of two is as good
    /// as the other, because the signature must still verify with the key
    /// and algorithm chosen. Members: <c>alg</c> (required string, exact RFC 7518 spelling),
    /// <c>kid</c> (optional string, exact match), <c>enc</c> (JWE: refused),
    /// <c>crit</c> (no extension is understood, so refused as RFC 7515 section
    /// 4.1.11 demands), <c>cty</c> = JWT (a nested token: refused). Anything
    /// else, <c>jku</c>, <c>jwk</c>, <c>x5u</c> and <c>x5c</c> included, is
    /// ignored: keys come only from configuration, never from the token.
    /// </remarks>
    private bool TryReadHeader(ReadOnlySpan<byte> json, out JwsAlgorithm algorithm, [NotNullWhen(true)] out SigningKey? key, out TokenValidationResult failure)
    {
        key = null;
        Span<char> keyId = stackalloc char[SigningKeyRing.MaxKeyIdLength];
        failure = ReadHeader(json, keyId, out algorithm, out var keyIdLength);
        if (failure.Error is not null)
        {
            return false;
        }

        if (keyIdLength >= 0)
        {
            // TOK-4: the kid is looked up in the in-memory table and used for nothing else.
            if (keyIdLength > keyId.Length || !_keys.TryGetKey(keyId[..keyIdLength], out key))
            {
                failure = TokenFailures.KeyIdUnknown;
                return false;
            }

            if ((key.Allowed & algorithm) == 0)
            {
                failure = TokenFailures.AlgorithmNotForKey;
                return false;
            }

            return true;
        }

        // No kid: only when exactly one key allows this alg (TOK-4).
        key = _keys.OnlyKeyFor(algorithm);
        if (key is not null)
        {
            return true;
        }

        failure = (_keys.Accepted & algorithm) != 0 ? TokenFailures.KeyIdRequired : TokenFailures.AlgorithmWithoutKey;
        return false;
    }

    // The header's members; a default result (no Error) when they are fine.
    // keyIdLength is -1 without a kid, and longer than the buffer for a kid
    // too long to match any configured one.
    private static TokenValidationResult ReadHeader(ReadOnlySpan<byte> json, Span<char> keyId, out JwsAlgorithm algorithm, out int keyIdLength)
    {
        algorithm = JwsAlgorithm.None;
        keyIdLength = -1;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return TokenFailures.HeaderNotObject;
        }

        var algorithmSeen = false;
        var algorithmIsNone = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("alg"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return TokenFailures.AlgorithmMissing;
                }

                algorithmSeen = true;
                algorithm = ParseAlgorithm(ref reader, out algorithmIsNone);
            }
            else if (reader.ValueTextEquals("kid"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return TokenFailures.KeyIdNotString;
                }

                keyIdLength = CopyKeyId(ref reader, keyId);
            }
            else if (reader.ValueTextEquals("enc"u8))
            {
                // TOK-1 (draft 2): enc makes this a JWE's header (RFC 7516 section 9)
                // even with three segments, so it is refused, not verified as a JWS.
                return TokenFailures.Encrypted;
            }
            else if (reader.ValueTextEquals("crit"u8))
            {
                return TokenFailures.Critical;
            }
            else if (reader.ValueTextEquals("cty"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && string.Equals(reader.GetString(), "JWT", StringComparison.OrdinalIgnoreCase))
                {
                    return TokenFailures.Nested;
                }

                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // The loop ended on the header's EndObject; anything after it throws.
        while (reader.Read())
        {
        }

        if (!algorithmSeen)
        {
            return TokenFailures.AlgorithmMissing;
        }

        if (algorithm == JwsAlgorithm.None)
        {
            return algorithmIsNone ? TokenFailures.AlgorithmNone : TokenFailures.AlgorithmUnknown;
        }

        return default;
    }

    private static JwsAlgorithm ParseAlgorithm(ref Utf8JsonReader reader, out bool isNone)
    {
        isNone = false;
        if (reader.ValueTextEquals("HS256"u8))
        {
            return JwsAlgorithm.HS256;
        }

        if (reader.ValueTextEquals("RS256"u8))
        {
            return JwsAlgorithm.RS256;
        }

        if (reader.ValueTextEquals("ES256"u8))
        {
            return JwsAlgorithm.ES256;
        }

        if (reader.ValueTextEquals("PS256"u8))
        {
            return JwsAlgorithm.PS256;
        }

        if (reader.ValueTextEquals("EdDSA"u8))
        {
            return JwsAlgorithm.EdDSA;
        }

        if (reader.ValueTextEquals("HS384"u8))
        {
            return JwsAlgorithm.HS384;
        }

        if (reader.ValueTextEquals("HS512"u8))
        {
            return JwsAlgorithm.HS512;
        }

        // "none" in any letter case is named apart only for the message (TOK-3).
        isNone = reader.ValueIsEscaped
            ? string.Equals(reader.GetString(), "none", StringComparison.OrdinalIgnoreCase)
            : Ascii.EqualsIgnoreCase(reader.ValueSpan, "none"u8);
        return JwsAlgorithm.None;
    }

    // Copies the unescaped kid into the caller's buffer and returns its
    // length; a kid longer than any configured one cannot match, so only its
    // length is returned.
    private static int CopyKeyId(ref Utf8JsonReader reader, Span<char> buffer)
    {
        if (reader.ValueSpan.Length <= buffer.Length)
        {
            // Unescaped text is never longer, in chars, than its UTF-8 bytes.
            return reader.CopyString(buffer);
        }

        var keyId = reader.GetString()!;
        if (keyId.Length > buffer.Length)
        {
            return keyId.Length;
        }

        keyId.CopyTo(buffer);
        return keyId.Length;
    }
}
