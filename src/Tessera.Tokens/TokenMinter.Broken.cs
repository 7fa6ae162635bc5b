using System.Security.Cryptography;
using System.Text;

namespace Tessera.Tokens;

/// <summary>Deliberately broken tokens: each one breaks exactly one TOK rule.</summary>
public static partial class TokenMinter
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>
    /// An unsecured JWS: <c>alg</c> = <paramref name="algorithm"/> (any spelling
    /// of <c>none</c>), no <c>kid</c> unless the spec adds one, and an empty
    /// signature segment (or <paramref name="signatureSegment"/>). TOK-3.
    /// </summary>
    public static string Unsigned(TokenSpec spec, string algorithm = "none", string signatureSegment = "")
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Encode(HeaderJson(spec, algorithm, keyId: null)) + "." + Encode(ObjectJson(spec.Claims)) + "." + signatureSegment;
    }

    /// <summary>
    /// Key confusion (TOK-3): <c>alg</c> = <paramref name="algorithm"/> (HS256 by
    /// default) with the <c>kid</c> of <paramref name="publicKeyOwner"/>, the
    /// HMAC keyed with that key's public bytes in <paramref name="format"/>: what
    /// a verifier that feeds whatever key it finds to whatever alg the token
    /// names would accept.
    /// </summary>
    public static string HmacWithPublicKey(TokenSpec spec, MintingKey publicKeyOwner, PublicKeyFormat format, string algorithm = JwsAlgorithms.HS256)
    {
        ArgumentNullException.ThrowIfNull(publicKeyOwner);
        using var confused = MintingKey.Hmac(publicKeyOwner.KeyId, publicKeyOwner.ExportPublicKey(format), algorithm);
        return Mint(spec, confused);
    }

    /// <summary>
    /// A good token exactly <paramref name="length"/> characters (= bytes) long,
    /// padded with a <c>pad</c> header member and a <c>pad</c> claim: for the
    /// TOK-2 boundary (8192 accepted, 8193 refused).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The unpadded token is already longer.</exception>
    public static string MintWithLength(TokenSpec spec, MintingKey key, int length)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(key);

        // Segment lengths are ceil(4n/3), never 4k+1, so one padded segment
        // cannot hit every total; padding both the header (0..3 extra bytes)
        // and the payload can.
        var signatureLength = Mint(spec, key).Split('.')[2].Length;
        for (var headerPad = 0; headerPad < 4; headerPad++)
        {
            var header = HeaderJson(spec.WithHeader("pad", new string('h', headerPad)), key.Algorithm, key.KeyId);
            var headerLength = Base64UrlLength(Encoding.UTF8.GetByteCount(header));
            var payloadBase = ObjectJson(spec.WithClaim("pad", "").Claims);
            var payloadLength = length - headerLength - signatureLength - 2;
            if (payloadLength % 4 == 1)
            {
                continue;
            }

            var payloadBytes = payloadLength / 4 * 3 + (payloadLength % 4 == 0 ? 0 : payloadLength % 4 - 1);
            var extra = payloadBytes - Encoding.UTF8.GetByteCount(payloadBase);
            if (extra < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "The token is longer than that without padding.");
            }

            var token = Mint(spec.WithHeader("pad", new string('h', headerPad)).WithClaim("pad", new string('p', extra)), key);
            if (token.Length == length)
            {
                return token;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(length), length, "No padding reaches that length exactly.");
    }

    /// <summary>The token with one bit of its signature flipped (still canonical base64url). TOK-5.</summary>
    public static string TamperSignature(string token)
    {
        var (header, payload, signature) = Split(token);
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(signature);
        bytes[0] ^= 0x01;
        return header + "." + payload + "." + Encode(bytes);
    }

    /// <summary>The token with its payload swapped for <paramref name="spec"/>'s, signature kept. TOK-5.</summary>
    public static string ReplacePayload(string token, TokenSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (header, _, signature) = Split(token);
        return header + "." + Encode(ObjectJson(spec.Claims)) + "." + signature;
    }

    /// <summary>
    /// A token whose header and payload are the given texts, verbatim (need not
    /// be JSON), correctly signed: only the JSON is wrong. TOK-1.
    /// </summary>
    public static string MintRaw(string headerText, string payloadText, MintingKey key, string? algorithm = null) =>
        SignSegments(Encode(headerText), Encode(payloadText), key, algorithm);

    /// <summary>
    /// A token whose payload segment breaks base64url in the given way, signed
    /// over the broken text so that only the encoding is wrong. TOK-1.
    /// </summary>
    public static string MintMalformedEncoding(TokenSpec spec, MintingKey key, MalformedEncoding kind)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(key);
        var header = Encode(HeaderJson(spec, key.Algorithm, key.KeyId));
        var json = ObjectJson(spec.Claims);
        string payload;
        switch (kind)
        {
            case MalformedEncoding.Padding:
                payload = Encode(WithPartialLastGroup(json));
                payload += new string('=', 4 - payload.Length % 4);
                break;
            case MalformedEncoding.StandardAlphabet:
                // Six '~' (0x7E) bytes always contain one 3-byte group aligned
                // to the encoding, which encodes as "fn5-".
                payload = Encode(ObjectJson(spec.WithClaim("pad", "~~~~~~").Claims));
                var dash = payload.IndexOf('-', StringComparison.Ordinal);
                payload = payload[..dash] + "+" + payload[(dash + 1)..];
                break;
            case MalformedEncoding.InvalidCharacter:
                payload = Encode(json);
                payload = payload[..1] + "!" + payload[2..];
                break;
            case MalformedEncoding.Whitespace:
                payload = Encode(json);
                payload = payload[..4] + "\n" + payload[4..];
                break;
            case MalformedEncoding.ImpossibleLength:
                payload = Encode(json);
                payload += (payload.Length % 4) switch { 0 => "A", 1 => "", 2 => "AAA", _ => "AA" };
                break;
            case MalformedEncoding.NonCanonical:
                payload = Encode(WithPartialLastGroup(json));
                var last = Base64UrlAlphabet.IndexOf(payload[^1], StringComparison.Ordinal);
                payload = payload[..^1] + Base64UrlAlphabet[last | 1];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }

        return SignSegments(header, payload, key);
    }

    /// <summary>A JWE-shaped token (five segments, RFC 7516 section 7.1). TOK-1.</summary>
    public static string JweShaped()
    {
        var header = Encode("{\"alg\":\"dir\",\"enc\":\"A256GCM\"}");
        return header + ".." + Encode(RandomNumberGenerator.GetBytes(12)) + "." + Encode(RandomNumberGenerator.GetBytes(32)) + "." + Encode(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The three segments of a compact token.</summary>
    /// <exception cref="ArgumentException">The token does not have exactly three segments.</exception>
    public static (string Header, string Payload, string Signature) Split(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        return parts.Length == 3
            ? (parts[0], parts[1], parts[2])
            : throw new ArgumentException($"A compact JWS has three segments; this has {parts.Length}.", nameof(token));
    }

    private static int Base64UrlLength(int byteCount) => (byteCount * 4 + 2) / 3;

    // JSON allows trailing whitespace, so spaces move the byte count off a
    // multiple of three: the encoding then ends in a partial group.
    private static string WithPartialLastGroup(string json) => Encoding.UTF8.GetByteCount(json) % 3 == 0 ? json + " " : json;
}
