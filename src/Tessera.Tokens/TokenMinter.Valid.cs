using System.Globalization;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tessera.Tokens;

/// <summary>Plainly valid tokens, minted by IdentityModel's <see cref="JsonWebTokenHandler"/>.</summary>
public static partial class TokenMinter
{
    // No default exp/iat/nbf: a token carries exactly the times its spec names.
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// A token for a spec without deliberate defects, minted by
    /// <see cref="JsonWebTokenHandler.CreateToken(SecurityTokenDescriptor)"/>
    /// from a <see cref="SecurityTokenDescriptor"/>, so the suite's good tokens
    /// come from an independent JOSE implementation rather than from the code
    /// that also writes the broken ones.
    /// </summary>
    /// <remarks>
    /// IdentityModel writes NumericDates as whole seconds and its own member
    /// order, and cannot write repeated members or raw values. So a spec the
    /// handler cannot write as it is goes to <see cref="Mint(TokenSpec, MintingKey)"/>
    /// instead: header changes, repeated claims, dates with a fraction or in
    /// exponent form, and values other than strings, integers, booleans and
    /// arrays of strings. So does a key IdentityModel will not sign with (an
    /// HMAC secret shorter than its hash). Either way the token means exactly
    /// what the spec says.
    /// </remarks>
    public static string MintValid(TokenSpec spec, MintingKey key)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(key);
        var descriptor = Describe(spec);
        var credentials = descriptor is null ? null : key.CreateSigningCredentials();
        if (descriptor is null || credentials is null)
        {
            return Mint(spec, key);
        }

        descriptor.SigningCredentials = credentials;
        return Handler.CreateToken(descriptor);
    }

    /// <summary>True when <see cref="MintValid"/> would mint <paramref name="spec"/> with the handler.</summary>
    public static bool IsHandlerMintable(TokenSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Describe(spec) is not null;
    }

    // The descriptor that writes exactly the spec's claims, or null when the
    // handler cannot (see MintValid).
    private static SecurityTokenDescriptor? Describe(TokenSpec spec)
    {
        if (spec.Header.Count > 0 || spec.AppendedHeader.Count > 0 || spec.OmittedHeader.Count > 0)
        {
            return null;
        }

        var descriptor = new SecurityTokenDescriptor { Claims = new Dictionary<string, object>(StringComparer.Ordinal) };
        foreach (var member in spec.Claims)
        {
            if (member.Name is "exp" or "iat" or "nbf")
            {
                if (!TryWholeSeconds(member.RawJson, out var instant) || !descriptor.Claims.TryAdd(member.Name, instant))
                {
                    return null;
                }

                continue;
            }

            var value = PlainValue(member.RawJson);
            if (value is null || !descriptor.Claims.TryAdd(member.Name, value))
            {
                return null;
            }
        }

        // The handler writes these from the descriptor's own properties.
        if (descriptor.Claims.Remove("iss", out var issuer))
        {
            if (issuer is not string text)
            {
                return null;
            }

            descriptor.Issuer = text;
        }

        if (descriptor.Claims.Remove("exp", out var expires))
        {
            descriptor.Expires = (DateTime)expires;
        }

        if (descriptor.Claims.Remove("iat", out var issuedAt))
        {
            descriptor.IssuedAt = (DateTime)issuedAt;
        }

        if (descriptor.Claims.Remove("nbf", out var notBefore))
        {
            descriptor.NotBefore = (DateTime)notBefore;
        }

        // The handler refuses nbf >= exp; such a spec is not plainly valid anyway.
        return descriptor.NotBefore >= descriptor.Expires ? null : descriptor;
    }

    // A NumericDate written as a plain integer ("1700000000", not "1.7e9" or "1700000000.5").
    private static bool TryWholeSeconds(string rawJson, out DateTime instant)
    {
        instant = default;
        if (!long.TryParse(rawJson, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || seconds.ToString(CultureInfo.InvariantCulture) != rawJson
            || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds()
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        instant = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        return true;
    }

    // The CLR value the handler writes back as the same JSON, or null.
    private static object? PlainValue(string rawJson)
    {
        try
        {
            using var document = JsonDocument.Parse(rawJson);
            var element = document.RootElement;
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.True or JsonValueKind.False:
                    return element.GetBoolean();
                case JsonValueKind.Number:
                    return long.TryParse(rawJson, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                        && number.ToString(CultureInfo.InvariantCulture) == rawJson ? number : null;
                case JsonValueKind.Array:
                    var strings = new List<string>();
                    foreach (var item in element.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String)
                        {
                            return null;
                        }

                        strings.Add(item.GetString()!);
                    }

                    return strings;
                default:
                    return null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
