using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Reads a compact token's header and claims without checking anything: what
/// a careless server does. The broken validators use it to accept tokens the
/// real validator refused.
/// </summary>
internal static class TokenPayload
{
    public static string? Algorithm(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && Json(parts[0]) is { } header && header.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String
            ? alg.GetString()
            : null;
    }

    /// <summary>The claims as a validated token, or null when they are not even well-typed.</summary>
    /// <param name="token">A compact token.</param>
    /// <param name="roles">Turns the raw roles into the token's; null sorts them and drops repeats, as the real validator does.</param>
    /// <param name="stringDates">Also take exp, iat and nbf written as JSON strings holding a number.</param>
    public static ValidatedToken? Claims(string token, Func<IReadOnlyList<string>, IReadOnlyList<string>>? roles = null, bool stringDates = false)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || Json(parts[1]) is not { } claims)
        {
            return null;
        }

        if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String
            || !claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String
            || Date(claims, "exp", stringDates) is not { } exp || Date(claims, "iat", stringDates) is not { } iat)
        {
            return null;
        }

        var raw = claims.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
        var normalized = roles is null ? raw.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : roles(raw);
        return new ValidatedToken(iss.GetString()!, sub.GetString()!, normalized, exp, iat, Date(claims, "nbf", stringDates));
    }

    /// <summary>The raw roles array, in token order with repeats.</summary>
    public static IReadOnlyList<string> RawRoles(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && Json(parts[1]) is { } claims && claims.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
            ? [.. r.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
    }

    /// <summary>
    /// True when the header or the payload names a member twice (after JSON unescaping, as TOK-1 compares):
    /// among its top-level members, or with <paramref name="nested"/> in any object inside it as well.
    /// </summary>
    public static bool HasRepeatedMember(string token, bool nested = false)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && (Repeats(Json(parts[0]), nested) || Repeats(Json(parts[1]), nested));

        static bool Repeats(JsonElement? segment, bool nested)
        {
            if (segment is not { } value)
            {
                return false;
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                return nested && value.EnumerateArray().Any(item => Repeats(item, nested));
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in value.EnumerateObject())
            {
                if (!names.Add(member.Name) || (nested && Repeats(member.Value, nested)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when exp, iat or nbf is a JSON string (TOK-8 wants numbers).</summary>
    public static bool HasStringDate(string token) =>
        Payload(token) is { } claims
        && (IsString(claims, "exp") || IsString(claims, "iat") || IsString(claims, "nbf"));

    /// <summary>True when roles is present and is not an array of strings (TOK-9).</summary>
    public static bool HasMistypedRoles(string token) =>
        Payload(token) is { } claims
        && claims.TryGetProperty("roles", out var roles)
        && (roles.ValueKind != JsonValueKind.Array || roles.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String));

    /// <summary>True when token_type or tokenType is present and is not the string "user" (TOK-10).</summary>
    public static bool HasOtherTokenType(string token) =>
        Payload(token) is { } claims && (NotUser(claims, "token_type") || NotUser(claims, "tokenType"));

    /// <summary>True when the token is HS256 and its signature verifies with <paramref name="secret"/>, whatever its kid says.</summary>
    public static bool HmacVerifies(string token, byte[] secret) =>
        Algorithm(token) == "HS256" && Signature(token) is { } signature
        && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, SigningInput(token)), signature);

    public static byte[] SigningInput(string token) => System.Text.Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);

    public static byte[]? Signature(string token)
    {
        try
        {
            return System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(token.LastIndexOf('.') + 1));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when a segment decodes (leniently) but is not the canonical text of its bytes: non-zero unused bits.</summary>
    public static bool HasNonCanonicalSegment(string token)
    {
        foreach (var segment in token.Split('.'))
        {
            try
            {
                if (System.Buffers.Text.Base64Url.EncodeToString(System.Buffers.Text.Base64Url.DecodeFromChars(segment)) != segment)
                {
                    return true;
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>True when the header is a JSON object with a member of that name.</summary>
    public static bool HeaderHas(string token, string name)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && Json(parts[0]) is { } header && header.TryGetProperty(name, out _);
    }

    private static JsonElement? Json(string segment)
    {
        try
        {
            using var document = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(segment));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Payload(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 ? Json(parts[1]) : null;
    }

    private static bool IsString(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String;

    private static bool NotUser(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var v) && !(v.ValueKind == JsonValueKind.String && v.GetString() == "user");

    private static DateTimeOffset? Date(JsonElement claims, string name, bool stringDates)
    {
        if (!claims.TryGetProperty(name, out var v))
        {
            return null;
        }

        decimal seconds;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number))
        {
            seconds = number;
        }
        else if (stringDates && v.ValueKind == JsonValueKind.String
            && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var text))
        {
            seconds = text;
        }
        else
        {
            return null;
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }
}
