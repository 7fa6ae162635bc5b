using System.Text.Json;
using Tessera.Conformance.Model;

namespace Tessera.Conformance.Tokens;

/// <summary>
/// The claims a minted token carries, read back from its payload without
/// checking anything, so the model judges what was sent, not what was meant.
/// </summary>
internal static class TokenReadBack
{
    /// <summary>The payload's claims (null where absent or not well typed), or null when the token has no readable JSON payload.</summary>
    public static TokenFacts? Read(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]);
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new TokenFacts
            {
                Issuer = String(root, "iss"),
                Subject = String(root, "sub"),
                Roles = root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                    ? [.. roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
                    : [],
                ExpiresAt = Date(root, "exp"),
                IssuedAt = Date(root, "iat"),
                NotBefore = Date(root, "nbf"),
                Audiences = root.TryGetProperty("aud", out var aud)
                    ? aud.ValueKind == JsonValueKind.String
                        ? [aud.GetString()!]
                        : aud.ValueKind == JsonValueKind.Array
                            ? [.. aud.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
                            : []
                    : null,
            };
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var seconds))
        {
            return null;
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond, 0));
    }
}
