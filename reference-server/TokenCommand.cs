using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
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
    /// <summary>
    /// The sub-command. <paramref name="createBuilder"/> reads the server's
    /// configuration (the secret and issuer) with the command line's
    /// configuration keys, or returns null when the command line is wrong.
    /// </summary>
    public static Command Create(Func<ParseResult, WebApplicationBuilder?> createBuilder)
    {
        var subject = new Option<string>("--sub") { Description = "subject (user id) of the token", HelpName = "USER", DefaultValueFactory = _ => "alice" };
        var roles = new Option<string?>("--roles") { Description = "comma-separated roles", HelpName = "a,b" };
        var ttl = new Option<int>("--ttl")
        {
            Description = "lifetime in seconds",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => 3600,
            CustomParser = r =>
            {
                if (int.TryParse(r.Tokens[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
                {
                    return seconds;
                }

                r.AddError($"--ttl takes a positive number of seconds, got \"{r.Tokens[0].Value}\"");
                return 0;
            },
        };
        var issuer = new Option<string?>("--iss") { Description = "issuer (default: the first configured one)", HelpName = "ISSUER" };
        var audience = new Option<string?>("--aud") { Description = "audience (default: none)", HelpName = "AUDIENCE" };
        var command = new Command("token", "mint a development token (HS256, with the configured shared secret) and print it")
        {
            subject, roles, ttl, issuer, audience,
        };
        // Configuration keys (--Tessera:Tokens:...) pass through to the configuration the secret is read from.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parsed =>
        {
            if (createBuilder(parsed) is not { } builder)
            {
                return 2;
            }

            var roleList = (parsed.GetValue(roles) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return Mint(builder.Configuration, parsed.GetValue(subject)!, roleList, parsed.GetValue(ttl), parsed.GetValue(issuer), parsed.GetValue(audience));
        });
        return command;
    }

    private static int Mint(IConfiguration configuration, string subject, string[] roles, int ttl, string? issuer, string? audience)
    {
        var tokens = configuration.GetSection(TesseraServerServiceCollectionExtensions.TokensSection).Get<TokenValidationOptions>() ?? new TokenValidationOptions();
        var secret = tokens.SharedSecrets.FirstOrDefault(s => s.Algorithms.Contains("HS256"));
        if (secret is null || tokens.Issuers.Count == 0)
        {
            Console.Error.WriteLine("token: no HS256 shared secret or issuer is configured (run with the Development environment, as `dotnet run` does)");
            return 2;
        }

        // Whole seconds: the profile allows fractions (TOK-8), but many JWT tools print them oddly.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var spec = TokenSpec.ForUser(issuer ?? tokens.Issuers[0], subject, now, TimeSpan.FromSeconds(ttl), roles);
        if (audience is not null)
        {
            spec = spec.WithAudience(audience);
        }

        using var key = MintingKey.Hmac(secret.KeyId, ReferenceServerSettings.SecretBytes(secret));
        Console.Out.WriteLine(TokenMinter.Mint(spec, key));
        return 0;
    }
}
