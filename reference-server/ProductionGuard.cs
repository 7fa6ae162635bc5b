using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.ReferenceServer;

/// <summary>
/// Outside Development the server must not run on what makes development
/// easy: the published development secret, no keys at all, or the test clock
/// (CLK: never in production).
/// </summary>
internal static class ProductionGuard
{
    public static List<string> Check(IHostEnvironment environment, IConfiguration configuration, TokenValidationOptions tokens, TesseraServerOptions sessions)
    {
        var problems = new List<string>();
        if (environment.IsDevelopment())
        {
            return problems;
        }

        if (tokens.SharedSecrets.Count == 0 && string.IsNullOrEmpty(tokens.JwksPath))
        {
            problems.Add($"{environment.EnvironmentName}: no signing keys are configured (Tessera:Tokens:SharedSecrets or Tessera:Tokens:JwksPath)");
        }

        // The development secret is public (it is in the repository): compare
        // against the file itself, so the value is written in one place only.
        var developmentSecrets = DevelopmentSecrets(environment);
        foreach (var secret in tokens.SharedSecrets)
        {
            if (developmentSecrets.Contains(secret.Secret))
            {
                problems.Add($"{environment.EnvironmentName}: shared secret '{secret.KeyId}' is the development secret from appsettings.Development.json");
            }
        }

        if (sessions.TestClockEnabled)
        {
            problems.Add($"{environment.EnvironmentName}: the test clock must not be enabled outside Development");
        }

        return problems;
    }

    private static HashSet<string> DevelopmentSecrets(IHostEnvironment environment)
    {
        var path = Path.Combine(environment.ContentRootPath, "appsettings.Development.json");
        if (!File.Exists(path))
        {
            return [];
        }

        var development = new ConfigurationBuilder().AddJsonFile(path, optional: true).Build();
        var options = development.GetSection("Tessera:Tokens").Get<TokenValidationOptions>();
        return options?.SharedSecrets.Select(s => s.Secret).ToHashSet(StringComparer.Ordinal) ?? [];
    }
}
