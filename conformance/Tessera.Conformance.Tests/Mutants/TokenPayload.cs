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
    public static ValidatedToken? Claims(string token, Func<IReadOnlyList<string>, IReadOnlyList<string>>? roles = null)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || Json(parts[1]) is not { } claims)
        {
            return null;
        }

        if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String
            || !claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String
            || Date(claims, "exp") is not { } exp || Date(claims, "iat") is not { } iat)
        {
            return null;
        }

        var raw = claims.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : [];
        var normalized = roles is null ? raw.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : roles(raw);
        return new ValidatedToken(iss.GetString()!, sub.GetString()!, normalized, exp, iat, Date(claims, "nbf"));
    }

    /// <summary>The raw roles array, in token order with repeats.</summary>
    public static IReadOnlyList<string> RawRoles(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && Json(parts[1]) is { } claims && claims.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
            ? [.. r.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
    }

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

    private static DateTimeOffset? Date(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var seconds)
            ? DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond))
            : null;
}
