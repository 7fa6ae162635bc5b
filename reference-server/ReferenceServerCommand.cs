using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.ReferenceServer;

/// <summary>
/// The command line: run the server (default), mint a development token
/// (<c>token</c>), or print help. Configuration comes from the usual ASP.NET
/// Core sources: appsettings.json, appsettings.{Environment}.json, environment
/// variables (TESSERA__SESSIONS__EXPIRYGRACE=00:00:10) and the command line.
/// </summary>
internal static class ReferenceServerCommand
{
    public const string DefaultUrl = "http://127.0.0.1:50051";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.Out.Write(HelpText);
            return 0;
        }

        var isToken = args.Length > 0 && args[0] == "token";
        var rest = isToken ? args[1..] : args;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = TranslateSwitches(rest), ContentRootPath = AppContext.BaseDirectory });
        if (isToken)
        {
            return TokenCommand.Run(rest, builder.Configuration);
        }

        try
        {
            var tokens = builder.Configuration.GetSection(TesseraServerServiceCollectionExtensions.TokensSection).Get<TokenValidationOptions>() ?? new TokenValidationOptions();
            var sessions = builder.Configuration.GetSection(TesseraServerServiceCollectionExtensions.SessionsSection).Get<TesseraServerOptions>() ?? new TesseraServerOptions();
            var problems = ProductionGuard.Check(builder.Environment, builder.Configuration, tokens, sessions);
            var urls = ParseUrls(builder.Configuration["Tessera:Urls"] ?? DefaultUrl, problems);
            if (problems.Count > 0)
            {
                throw new TesseraConfigurationException(problems);
            }

            var app = ReferenceServerHost.Configure(builder, tokens, sessions, urls);
            app.Lifetime.ApplicationStarted.Register(() => Banner.Print(Console.Out, builder.Environment, urls, tokens, sessions));
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (TesseraConfigurationException e)
        {
            Console.Error.WriteLine("tessera-reference-server: refusing to start.");
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"tessera-reference-server: cannot listen: {e.Message}");
            return 2;
        }
    }

    /// <summary>
    /// The friendly switches, rewritten as configuration keys. --urls becomes
    /// Tessera:Urls because the server binds its HTTP/2-only endpoints itself
    /// (TRN-1) and Kestrel would otherwise warn that it overrides "urls".
    /// </summary>
    private static string[] TranslateSwitches(string[] args) =>
        args.Select(a => a switch
        {
            "--test-clock" => "--Tessera:Sessions:TestClockEnabled=true",
            "--urls" => "--Tessera:Urls",
            _ when a.StartsWith("--urls=", StringComparison.Ordinal) => "--Tessera:Urls=" + a["--urls=".Length..],
            _ => a,
        }).ToArray();

    private static List<IPEndPoint> ParseUrls(string urls, List<string> problems)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                problems.Add($"urls: '{url}' is not an http:// URL (the server speaks h2c; put TLS in front of it)");
                continue;
            }

            var host = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (host is null)
            {
                problems.Add($"urls: '{url}': the host must be an IP address or localhost");
                continue;
            }

            endpoints.Add(new IPEndPoint(host, uri.Port));
        }

        return endpoints;
    }

    private const string HelpText = """
        tessera-reference-server: the Tessera v1 reference server (gRPC over HTTP/2, h2c)

        Usage:
          dotnet run --project reference-server [-- options]
          dotnet run --project reference-server -- token [--sub USER] [--roles a,b] [--ttl SECONDS] [--iss ISSUER] [--aud AUDIENCE]

        Options:
          --urls http://127.0.0.1:PORT   where to listen (default http://127.0.0.1:50051); HTTP/2 only
          --test-clock                   serve tessera.testing.v1.TestClockService and run all timing on it
          --environment NAME             Development (what dotnet run uses) or Production
          --Tessera:Sessions:KEY=VALUE   any session option, e.g. --Tessera:Sessions:ExpiryGrace=00:00:10
          --Tessera:Tokens:KEY=VALUE     any token option, e.g. --Tessera:Tokens:ClockSkewLeeway=00:00:05
          -h, --help                     this text

        Configuration: appsettings.json, appsettings.{Environment}.json, environment variables
        (TESSERA__SESSIONS__EXPIRYGRACE=00:00:10), then the command line. The Development profile
        (reference-server/appsettings.Development.json) has issuer tessera-dev, an HS256 secret with
        kid "dev" and guest sessions on. In Production the server refuses to start with that secret,
        without keys, or with the test clock.

        """;
}
