using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tessera.Server.Hosting;
using Tessera.Server.Tokens;
using Tessera.Tokens;

namespace Tessera.ReferenceServer;

/// <summary>
/// <c>token</c>: mints an HS256 token with the configured shared secret, so a
/// newcomer can start a session without writing a backend first.
/// </summary>
internal static class TokenCommand
{
    public static int Run(string[] args, IConfiguration configuration)
    {
        var tokens = configuration.GetSection(TesseraServerServiceCollectionExtensions.TokensSection).Get<TokenValidationOptions>() ?? new TokenValidationOptions();
        var secret = tokens.SharedSecrets.FirstOrDefault(s => s.Algorithms.Contains("HS256"));
        if (secret is null || tokens.Issuers.Count == 0)
        {
            Console.Error.WriteLine("token: no HS256 shared secret or issuer is configured (run with the Development environment, as `dotnet run` does)");
            return 2;
        }

        string? Option(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var subject = Option("--sub") ?? "alice";
        var roles = (Option("--roles") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!int.TryParse(Option("--ttl") ?? "3600", NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) || ttl <= 0)
        {
            Console.Error.WriteLine("token: --ttl takes a positive number of seconds");
            return 2;
        }

        // Whole seconds: the profile allows fractions (TOK-8), but many JWT tools print them oddly.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var spec = TokenSpec.ForUser(Option("--iss") ?? tokens.Issuers[0], subject, now, TimeSpan.FromSeconds(ttl), roles);
        if (Option("--aud") is { } audience)
        {
            spec = spec.WithAudience(audience);
        }

        using var key = MintingKey.Hmac(secret.KeyId, ReferenceServerSettings.SecretBytes(secret));
        Console.Out.WriteLine(TokenMinter.Mint(spec, key));
        return 0;
    }
}
