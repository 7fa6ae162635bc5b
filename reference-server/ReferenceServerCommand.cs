using System.CommandLine;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Tessera.Protocol.Testing.V1;
using Tessera.Server.Hosting;
using Tessera.Server.Redis;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.ReferenceServer;

/// <summary>
/// The command line, on System.CommandLine: run the server (default), mint a
/// development token (<c>token</c>), or print help. Configuration comes from the usual ASP.NET
/// Core sources: appsettings.json, appsettings.{Environment}.json, environment
/// variables (TESSERA__SESSIONS__EXPIRYGRACE=00:00:10) and the command line.
/// </summary>
internal static class ReferenceServerCommand
{
    public const string DefaultUrl = "http://127.0.0.1:50051";

    private const string Name = "tessera-reference-server";

    /// <summary>Printed after the generated help: the pass-through options and where configuration comes from.</summary>
    private const string Epilogue = """
        Any configuration key passes through, for example:
          --Tessera:Sessions:KEY=VALUE   a session option, e.g. --Tessera:Sessions:ExpiryGrace=00:00:10
          --Tessera:Tokens:KEY=VALUE     a token option, e.g. --Tessera:Tokens:ClockSkewLeeway=00:00:05
          --Tessera:Reflection=BOOL      gRPC server reflection (default: on in Development, off otherwise)
          --Tessera:Store:Redis=HOST:PORT  keep sessions in Redis, shared by several nodes (default: in memory)
          --Tessera:Store:TimerLease=00:00:02  with Redis: how late a timer may be before another node fires it (default 2 s)
          --Tessera:Tls:CertificatePath=PEM --Tessera:Tls:KeyPath=PEM   the certificate for https:// URLs

        Configuration: appsettings.json, appsettings.{Environment}.json, environment variables
        (TESSERA__SESSIONS__EXPIRYGRACE=00:00:10), then the command line. The Development profile
        (reference-server/appsettings.Development.json) has issuer tessera-dev, an HS256 secret with
        kid "dev" and guest sessions on. In Production the server refuses to start with that secret,
        without keys, or with the test clock.

        Exit codes: 0 stopped normally or token printed; 2 bad usage, refused configuration or cannot listen.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"where to listen, ';'-separated (default {DefaultUrl}); HTTP/2 only: http:// is h2c, https:// is TLS",
            HelpName = "http://127.0.0.1:PORT",
        };
        var testClock = new Option<bool>("--test-clock") { Description = $"serve {TestClockService.Descriptor.FullName} and run all timing on it" };
        var environment = new Option<string?>("--environment")
        {
            Description = "Development (what dotnet run uses) or Production",
            HelpName = "NAME",
            Recursive = true,
        };
        var root = new RootCommand($"{Name}: the Tessera v1 reference server (gRPC over HTTP/2, h2c)") { urls, testClock, environment };
        // Configuration keys (--Tessera:Sessions:ExpiryGrace=...) are not options: they are
        // left unmatched and handed to ASP.NET Core configuration by ConfigurationArgs.
        root.TreatUnmatchedTokensAsErrors = false;
        root.Subcommands.Add(TokenCommand.Create(parsed => CreateBuilder(parsed, environment, [])));
        root.SetAction((parsed, _) =>
        {
            // --urls becomes Tessera:Urls because the server binds its HTTP/2-only endpoints
            // itself (TRN-1) and Kestrel would otherwise warn that it overrides "urls".
            List<string> switches = [];
            if (parsed.GetValue(urls) is { } value)
            {
                switches.Add("--Tessera:Urls=" + value);
            }

            if (parsed.GetValue(testClock))
            {
                switches.Add("--Tessera:Sessions:TestClockEnabled=true");
            }

            return CreateBuilder(parsed, environment, switches) is { } builder ? ServeAsync(builder) : Task.FromResult(2);
        });
        EpilogueHelpAction.Attach(root, Epilogue);

        // No response files: a configuration value may start with '@'.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"{Name}: {CommandLineErrors.Describe(parsed)} (see --help)");
            return 2;
        }

        // ASP.NET Core stops on Ctrl+C by itself, and an unexpected exception keeps its
        // usual report: System.CommandLine neither handles the signal nor the exception.
        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    private static async Task<int> ServeAsync(WebApplicationBuilder builder)
    {
        try
        {
            var tokens = builder.Configuration.GetSection(TesseraServerServiceCollectionExtensions.TokensSection).Get<TokenValidationOptions>() ?? new TokenValidationOptions();
            var sessions = builder.Configuration.GetSection(TesseraServerServiceCollectionExtensions.SessionsSection).Get<TesseraServerOptions>() ?? new TesseraServerOptions();
            var problems = ProductionGuard.Check(builder.Environment, builder.Configuration, tokens, sessions);
            var urls = ParseUrls(builder.Configuration["Tessera:Urls"] ?? DefaultUrl, builder.Configuration, problems);
            if (problems.Count > 0)
            {
                throw new TesseraConfigurationException(problems);
            }

            var app = ReferenceServerHost.Configure(builder, tokens, sessions, urls);
            app.Lifetime.ApplicationStarted.Register(() => Banner.Print(Console.Out, builder.Environment, urls, tokens, sessions, builder.Configuration[RedisStoreOptions.ConfigurationKey]));
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (TesseraConfigurationException e)
        {
            Console.Error.WriteLine($"{Name}: refusing to start.");
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"{Name}: cannot listen: {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// The application builder, configured by the usual sources plus the command
    /// line's configuration keys, --environment and <paramref name="switches"/>;
    /// null (after one line on stderr) when a word is neither an option nor a key.
    /// </summary>
    private static WebApplicationBuilder? CreateBuilder(ParseResult parsed, Option<string?> environment, IEnumerable<string> switches)
    {
        var keys = ConfigurationArgs(parsed);
        if (keys is null)
        {
            return null;
        }

        if (parsed.GetValue(environment) is { } name)
        {
            keys.Add("--environment=" + name);
        }

        keys.AddRange(switches);
        return WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. keys], ContentRootPath = AppContext.BaseDirectory });
    }

    /// <summary>
    /// The unmatched words that are configuration keys: <c>--Section:Key=value</c>,
    /// or <c>--Section:Key value</c>. A word without a ':' in its name is a mistyped
    /// option, reported with a suggestion rather than silently becoming a key.
    /// </summary>
    private static List<string>? ConfigurationArgs(ParseResult parsed)
    {
        var tokens = parsed.UnmatchedTokens;
        var keys = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var name = token.Split('=', 2)[0];
            if (!token.StartsWith("--", StringComparison.Ordinal) || !name.Contains(':', StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"{Name}: {CommandLineErrors.Unknown(parsed.CommandResult.Command, token)} (see --help)");
                return null;
            }

            keys.Add(token);
            if (name.Length == token.Length && i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-'))
            {
                keys.Add(tokens[++i]);
            }
        }

        return keys;
    }

    /// <summary>
    /// http:// URLs listen with h2c; https:// URLs with TLS, using the PEM certificate
    /// and key at Tessera:Tls:CertificatePath and Tessera:Tls:KeyPath.
    /// </summary>
    private static List<ServerEndpoint> ParseUrls(string urls, IConfiguration configuration, List<string> problems)
    {
        var endpoints = new List<ServerEndpoint>();
        X509Certificate2? certificate = null;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"urls: '{url}' is not an http:// (h2c) or https:// (TLS) URL");
                continue;
            }

            if (uri.Scheme == Uri.UriSchemeHttps && certificate is null && !TryLoadCertificate(configuration, problems, out certificate))
            {
                continue;
            }

            var host = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (host is null)
            {
                problems.Add($"urls: '{url}': the host must be an IP address or localhost");
                continue;
            }

            endpoints.Add(new ServerEndpoint(new IPEndPoint(host, uri.Port), uri.Scheme == Uri.UriSchemeHttps ? certificate : null));
        }

        return endpoints;
    }

    private static bool TryLoadCertificate(IConfiguration configuration, List<string> problems, out X509Certificate2? certificate)
    {
        certificate = null;
        var certPath = configuration["Tessera:Tls:CertificatePath"];
        var keyPath = configuration["Tessera:Tls:KeyPath"];
        if (string.IsNullOrEmpty(certPath) || string.IsNullOrEmpty(keyPath))
        {
            problems.Add("urls: an https:// URL needs Tessera:Tls:CertificatePath and Tessera:Tls:KeyPath (PEM files)");
            return false;
        }

        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            problems.Add($"Tessera:Tls: cannot load the certificate '{certPath}' with key '{keyPath}': {e.Message}");
            return false;
        }
    }
}
