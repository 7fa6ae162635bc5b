using System.Net;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Tessera.Protocol.Testing.V1;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.ReferenceServer;

/// <summary>What a newcomer needs once the server is up: where, which issuer, how to get a token, how to test it.</summary>
internal static class Banner
{
    /// <param name="redis">The value of <c>Tessera:Store:Redis</c>; null or empty: the in-memory store.</param>
    public static void Print(TextWriter output, IHostEnvironment environment, IReadOnlyList<ServerEndpoint> endpoints, TokenValidationOptions tokens, TesseraServerOptions sessions, string? redis)
    {
        var address = endpoints[0].Url;
        output.WriteLine($"""

            Tessera reference server ({environment.EnvironmentName})
              listening   {string.Join(", ", endpoints.Select(e => e.Url))} (gRPC, HTTP/2 only)
              issuers     {string.Join(", ", tokens.Issuers)}
              store       {Store(redis)}
              test clock  {(sessions.TestClockEnabled ? $"on ({TestClockService.Descriptor.FullName})" + (string.IsNullOrEmpty(redis) ? "" : ", shared through Redis") : "off (start with --test-clock)")}
              guests      {(sessions.GuestSessionsEnabled ? "enabled" : "disabled")}

            Mint a token:      dotnet run --project reference-server -- token --sub alice --roles member --ttl 3600
            Run conformance:   dotnet run --project conformance/Tessera.Conformance.Cli -- run --target {address} --issuer {tokens.Issuers.FirstOrDefault()}{KeyArguments(environment, tokens)}
            Stop:              Ctrl+C

            """);
    }

    /// <summary>
    /// Which store holds the sessions. For Redis only its endpoints, from the parsed
    /// configuration string: the string may carry a password, which a banner must not show.
    /// </summary>
    private static string Store(string? redis)
    {
        if (string.IsNullOrEmpty(redis))
        {
            return "in memory (this node alone; --Tessera:Store:Redis=HOST:PORT shares it)";
        }

        var endpoints = ConfigurationOptions.Parse(redis).EndPoints.Select(e => e switch
        {
            DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            _ => e.ToString(),
        });
        return $"Redis {string.Join(", ", endpoints)} (shared by every node on it)";
    }

    /// <summary>
    /// The key options that make the suite trust what this server trusts, ready to
    /// paste: in Development the first shared secret itself (it is in the development
    /// file anyway), in its own encoding; elsewhere a placeholder, never the secret.
    /// </summary>
    private static string KeyArguments(IHostEnvironment environment, TokenValidationOptions tokens)
    {
        if (tokens.SharedSecrets.FirstOrDefault() is not { } secret)
        {
            return " --signing-key <private key PEM> --alg <ES256|RS256|PS256|EdDSA>";
        }

        var kid = secret.KeyId is { Length: > 0 } id ? " --kid " + id : "";
        var option = secret.Encoding == SecretEncoding.Base64 ? "--hs256-secret-base64" : "--hs256-secret";
        var value = environment.IsDevelopment() ? secret.Secret : "<secret>";
        return $" {option} {value}{kid}";
    }
}
