using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.ReferenceServer.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    [Trait("Requirement", "TOK-12")]
    public void AddTesseraServer_BadValues_ListsEachProblem()
    {
        var tokens = new TokenValidationOptions { Issuers = ["app"], ClockSkewLeeway = TimeSpan.FromMinutes(5), JwksPath = "/nonexistent/keys.json" };
        var sessions = new TesseraServerOptions { ExpiryGrace = TimeSpan.FromSeconds(-1) };

        var e = Assert.Throws<TesseraConfigurationException>(() => new ServiceCollection().AddTesseraServer(tokens, sessions));

        Assert.Contains(e.Problems, p => p.Contains("ClockSkewLeeway", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("ExpiryGrace", StringComparison.Ordinal));
    }

    [Fact]
    public void AddTesseraServer_UnreadableJwks_SaysWhichFile()
    {
        var tokens = new TokenValidationOptions { Issuers = ["app"], JwksPath = "/nonexistent/keys.json" };

        var e = Assert.Throws<TesseraConfigurationException>(() => new ServiceCollection().AddTesseraServer(tokens, new TesseraServerOptions()));

        Assert.Contains(e.Problems, p => p.Contains("/nonexistent/keys.json", StringComparison.Ordinal));
    }
}
