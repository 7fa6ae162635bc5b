using System.Buffers.Text;
using System.Text;

namespace Tessera.Tokens;

/// <summary>
/// Produces JWS compact tokens (RFC 7515 section 7.1) for tests and tools:
/// <c>BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)</c>.
/// This file mints good tokens; <c>TokenMinter.Broken.cs</c> the deliberately
/// broken ones every TOK rule must refuse.
/// </summary>
/// <remarks>
/// JSON is assembled from <see cref="JsonMember"/> text rather than through a
/// serializer, so the minter can write whatever a test needs, including the
/// shapes a server must reject.
/// </remarks>
public static partial class TokenMinter
{
    /// <summary>
    /// A token for <paramref name="spec"/> signed by <paramref name="key"/>.
    /// The header is <c>{"alg":key.Algorithm,"typ":"JWT","kid":key.KeyId}</c>
    /// (no <c>kid</c> when the key has none), changed by <see cref="TokenSpec.Header"/>,
    /// <see cref="TokenSpec.OmittedHeader"/> and <see cref="TokenSpec.AppendedHeader"/>.
    /// </summary>
    public static string Mint(TokenSpec spec, MintingKey key) => Mint(spec, key, key.Algorithm);

    /// <summary>
    /// Like <see cref="Mint(TokenSpec, MintingKey)"/>, but the key signs with
    /// <paramref name="algorithm"/> and the header says so: an RSA key minting
    /// PS256, an HMAC key minting HS512.
    /// </summary>
    public static string Mint(TokenSpec spec, MintingKey key, string algorithm)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(key);
        var header = Encode(HeaderJson(spec, algorithm, key.KeyId));
        var payload = Encode(ObjectJson(spec.Claims));
        return SignSegments(header, payload, key, algorithm);
    }

    /// <summary>
    /// Signs two already-encoded segments as they are (they need not be valid
    /// base64url or JSON) and appends the signature segment.
    /// </summary>
    public static string SignSegments(string encodedHeader, string encodedPayload, MintingKey key, string? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signingInput = encodedHeader + "." + encodedPayload;
        var signature = key.Sign(algorithm ?? key.Algorithm, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Encode(signature);
    }

    /// <summary>Base64url without padding (RFC 7515 section 2).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Base64url of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>The header JSON the minter writes for <paramref name="spec"/>.</summary>
    public static string HeaderJson(TokenSpec spec, string algorithm, string? keyId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var members = new List<JsonMember>(3 + spec.Header.Count + spec.AppendedHeader.Count);
        AddDefault(members, spec, "alg", TokenSpec.JsonString(algorithm));
        AddDefault(members, spec, "typ", TokenSpec.JsonString("JWT"));
        if (keyId is not null)
        {
            AddDefault(members, spec, "kid", TokenSpec.JsonString(keyId));
        }

        members.AddRange(spec.Header);
        members.AddRange(spec.AppendedHeader);
        return ObjectJson(members);
    }

    /// <summary>A JSON object of the members in order, duplicates and raw values as given.</summary>
    public static string ObjectJson(IEnumerable<JsonMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var builder = new StringBuilder("{");
        foreach (var member in members)
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append(TokenSpec.JsonString(member.Name)).Append(':').Append(member.RawJson);
        }

        return builder.Append('}').ToString();
    }

    private static void AddDefault(List<JsonMember> members, TokenSpec spec, string name, string rawJson)
    {
        if (spec.OmittedHeader.Contains(name))
        {
            return;
        }

        foreach (var member in spec.Header)
        {
            if (member.Name == name)
            {
                return;
            }
        }

        members.Add(new JsonMember(name, rawJson));
    }
}
