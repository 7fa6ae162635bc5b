using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tessera.ReferenceServer;
using Tessera.Server.Hosting;
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

    /// <summary>The HS256 secret (UTF-8 text) the server trusts, unless a profile replaced the shared secrets (see <see cref="Tokens"/>).</summary>
    public string Secret { get; }

    /// <summary>The token options the server runs with, after every profile setting.</summary>
    public TokenValidationOptions Tokens => _host.Settings.Tokens;

    /// <summary>The session options the server runs with, after every profile setting.</summary>
    public TesseraServerOptions Sessions => _host.Settings.Sessions;

    /// <summary>Starts the server; the hooks let tests build broken variants (mutants) of it.</summary>
    /// <param name="realClock">Real clock and second-scale durations instead of the test clock.</param>
    /// <param name="cancellation">Cancels the start.</param>
    /// <param name="configureServices">Runs after the server's own registrations: replace or decorate components here.</param>
    /// <param name="configureTokens">Adjusts the token options (keys, JWKS) after the defaults.</param>
    /// <param name="configureSessions">Adjusts the session options after the defaults: other legal profiles (a zero terminated_retention, ...).</param>
    /// <param name="configuration">
    /// A profile as the reference server's command line takes it
    /// (<c>--Tessera:Sessions:ExpiryGrace=00:00:00</c>, <c>--Tessera:Tokens:Issuers:0=app</c>),
    /// applied over the defaults before the two hooks.
    /// </param>
    public static async Task<EmbeddedTarget> StartAsync(
        bool realClock,
        CancellationToken cancellation,
        Action<IServiceCollection>? configureServices = null,
        Action<TokenValidationOptions>? configureTokens = null,
        Action<TesseraServerOptions>? configureSessions = null,
        IReadOnlyList<string>? configuration = null)
    {
        var profile = Profile(configuration ?? []);
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

            ApplyProfile(profile, sessions);
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
        ApplyProfile(profile, tokens);
        configureTokens?.Invoke(tokens);
        var host = await ReferenceServerHost.StartAsync(settings, cancellation).ConfigureAwait(false);
        return new EmbeddedTarget(host, secret);
    }

    /// <summary>Command-line configuration keys, read as the reference server's command line reads them.</summary>
    internal static IConfiguration Profile(IReadOnlyList<string> arguments) => new ConfigurationBuilder().AddCommandLine([.. arguments]).Build();

    /// <summary>The profile's Tessera:Sessions keys over <paramref name="sessions"/>.</summary>
    internal static void ApplyProfile(IConfiguration profile, TesseraServerOptions sessions) =>
        Bind(profile.GetSection(TesseraServerServiceCollectionExtensions.SessionsSection), sessions);

    /// <summary>The profile's Tessera:Tokens keys over <paramref name="tokens"/>.</summary>
    internal static void ApplyProfile(IConfiguration profile, TokenValidationOptions tokens)
    {
        var section = profile.GetSection(TesseraServerServiceCollectionExtensions.TokensSection);
        // Binding adds to a list that already has items: a profile naming
        // issuers or secrets means those alone, as it would on the command line.
        if (section.GetSection(nameof(tokens.Issuers)).Exists())
        {
            tokens.Issuers = [];
        }

        if (section.GetSection(nameof(tokens.SharedSecrets)).Exists())
        {
            tokens.SharedSecrets = [];
        }

        Bind(section, tokens);
    }

    /// <summary>A mistyped key fails the start instead of leaving the profile silently unchanged.</summary>
    private static void Bind(IConfigurationSection section, object options) =>
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);

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
