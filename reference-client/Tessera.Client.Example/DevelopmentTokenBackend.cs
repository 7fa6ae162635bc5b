using System.Text.Json;
using Tessera.Tokens;

namespace Tessera.Client.Example;

/// <summary>
/// Stands in for the app's backend: in a real app the token provider calls
/// your server, which signs a token for the signed-in user with a secret the
/// client never sees. Here the example signs tokens itself with the
/// development server's HS256 secret, read from
/// <c>reference-server/appsettings.Development.json</c> (or from the
/// environment: TESSERA_DEV_SECRET as base64, TESSERA_DEV_KID, TESSERA_DEV_ISSUER).
/// </summary>
internal sealed class DevelopmentTokenBackend : IDisposable
{
    private const string SettingsPath = "reference-server/appsettings.Development.json";

    private readonly MintingKey _key;
    private readonly string _issuer;
    private readonly string _subject;
    private readonly string[] _roles;
    private readonly TimeSpan _lifetime;
    private int _issued;

    private DevelopmentTokenBackend(MintingKey key, string issuer, string subject, string[] roles, TimeSpan lifetime)
    {
        _key = key;
        _issuer = issuer;
        _subject = subject;
        _roles = roles;
        _lifetime = lifetime;
    }

    /// <summary>How many tokens the client has asked for so far.</summary>
    public int Issued => Volatile.Read(ref _issued);

    public static DevelopmentTokenBackend Load(string subject, string[] roles, TimeSpan lifetime)
    {
        var secret = Environment.GetEnvironmentVariable("TESSERA_DEV_SECRET");
        var keyId = Environment.GetEnvironmentVariable("TESSERA_DEV_KID");
        var issuer = Environment.GetEnvironmentVariable("TESSERA_DEV_ISSUER");
        if (secret is null)
        {
            var path = FindSettings() ?? throw new InvalidOperationException(
                $"Cannot find {SettingsPath}: run the example from the repository, or set TESSERA_DEV_SECRET (base64), TESSERA_DEV_KID and TESSERA_DEV_ISSUER.");
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var tokens = document.RootElement.GetProperty("Tessera").GetProperty("Tokens");
            var shared = tokens.GetProperty("SharedSecrets")[0];
            secret = shared.GetProperty("Secret").GetString();
            keyId ??= shared.TryGetProperty("KeyId", out var kid) ? kid.GetString() : null;
            issuer ??= tokens.GetProperty("Issuers")[0].GetString();
        }

        var key = MintingKey.Hmac(keyId, Convert.FromBase64String(secret!));
        return new DevelopmentTokenBackend(key, issuer ?? "tessera-dev", subject, roles, lifetime);
    }

    /// <summary>The token provider handed to the client.</summary>
    public ValueTask<string> FetchTokenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _issued);
        // A backend stamps tokens with its own clock; whole seconds, as most JWT libraries do.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return ValueTask.FromResult(TokenMinter.Mint(TokenSpec.ForUser(_issuer, _subject, now, _lifetime, _roles), _key));
    }

    public void Dispose() => _key.Dispose();

    private static string? FindSettings()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, SettingsPath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
