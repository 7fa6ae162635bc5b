using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Tessera.ReferenceServer;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Cli;

/// <summary>
/// The reference server, started in this process on a free loopback port when
/// no --target is given. Its profile is chosen to exercise every rule: a
/// second issuer (UPD-2 across issuers), an audience (TOK-7), guests (SES-5),
/// and a disconnect grace (EVT-6). With the real clock every duration is a few
/// seconds so the run finishes in minutes.
/// </summary>
internal sealed class EmbeddedTarget : IAsyncDisposable
{
    public const string Issuer = "tessera-dev";
    public const string SecondIssuer = "tessera-dev-2";
    public const string Audience = "tessera-conformance";

    private readonly ReferenceServerHost _host;
    private int _stopped;

    private EmbeddedTarget(ReferenceServerHost host, string secret)
    {
        _host = host;
        Secret = secret;
    }

    public Uri Address => _host.Address;

    /// <summary>The HS256 secret (UTF-8 text) the server trusts.</summary>
    public string Secret { get; }

    /// <summary>Starts the server; the hooks let tests build broken variants (mutants) of it.</summary>
    /// <param name="realClock">Real clock and second-scale durations instead of the test clock.</param>
    /// <param name="cancellation">Cancels the start.</param>
    /// <param name="configureServices">Runs after the server's own registrations: replace or decorate components here.</param>
    /// <param name="configureTokens">Adjusts the token options (keys, JWKS) after the defaults.</param>
    /// <param name="configureSessions">Adjusts the session options after the defaults: other legal profiles (a zero terminated_retention, ...).</param>
    public static async Task<EmbeddedTarget> StartAsync(
        bool realClock,
        CancellationToken cancellation,
        Action<IServiceCollection>? configureServices = null,
        Action<TokenValidationOptions>? configureTokens = null,
        Action<TesseraServerOptions>? configureSessions = null)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var settings = ReferenceServerSettings.Development(!realClock, sessions =>
        {
            sessions.DisconnectGrace = TimeSpan.FromMinutes(2);
            if (realClock)
            {
                sessions.ExpiryGrace = TimeSpan.FromSeconds(2);
                sessions.ExpiringNotice = TimeSpan.FromSeconds(2);
                sessions.DisconnectGrace = TimeSpan.FromSeconds(4);
                sessions.TerminatedRetention = TimeSpan.FromSeconds(6);
                sessions.GuestSessionLifetime = TimeSpan.FromSeconds(8);
            }

            configureSessions?.Invoke(sessions);
        }, configureServices);
        var tokens = settings.Tokens;
        tokens.Issuers = [Issuer, SecondIssuer];
        tokens.Audience = Audience;
        if (realClock)
        {
            tokens.ClockSkewLeeway = TimeSpan.FromSeconds(1);
        }

        tokens.SharedSecrets = [new SharedSecretOptions { KeyId = "dev", Secret = secret, Encoding = SecretEncoding.Utf8, Algorithms = ["HS256"] }];
        configureTokens?.Invoke(tokens);
        var host = await ReferenceServerHost.StartAsync(settings, cancellation).ConfigureAwait(false);
        return new EmbeddedTarget(host, secret);
    }

    /// <summary>Stops the server (EVT-7's check); safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
