using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tessera.Protocol;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Tokens;
using Tessera.Time;

namespace Tessera.ReferenceServer.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    [Trait("Requirement", Req.TOK_12)]
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

    [Fact]
    public void AddTesseraServer_FromConfiguration_BadValues_StopTheStartWithEachProblem()
    {
        var configuration = Configuration(new()
        {
            ["Tessera:Tokens:Issuers:0"] = "app",
            ["Tessera:Tokens:ClockSkewLeeway"] = "00:05:00",
            ["Tessera:Tokens:JwksPath"] = "/nonexistent/keys.json",
            ["Tessera:Sessions:ExpiryGrace"] = "-00:00:01",
        });
        using var provider = new ServiceCollection().AddTesseraServer(configuration).BuildServiceProvider();

        var e = Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        var failures = (e is AggregateException all ? all.InnerExceptions : [e]).Cast<OptionsValidationException>().SelectMany(x => x.Failures).ToList();
        Assert.Contains(failures, p => p.StartsWith("Tessera:Tokens: ClockSkewLeeway", StringComparison.Ordinal));
        Assert.Contains(failures, p => p.StartsWith("Tessera:Sessions:ExpiryGrace", StringComparison.Ordinal));
    }

    [Fact]
    public void AddTesseraServer_FromConfiguration_ServesTheBoundValues()
    {
        var configuration = Configuration(new()
        {
            ["Tessera:Tokens:Issuers:0"] = "app",
            ["Tessera:Tokens:SharedSecrets:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Tessera:Sessions:ExpiryGrace"] = "00:00:07",
        });
        using var provider = new ServiceCollection().AddTesseraServer(configuration).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(TimeSpan.FromSeconds(7), provider.GetRequiredService<IOptions<TesseraServerOptions>>().Value.ExpiryGrace);
        Assert.Equal(["app"], provider.GetRequiredService<IOptions<TokenValidationOptions>>().Value.Issuers);
    }

    [Fact]
    public void AddTesseraServer_GivenOptions_AreTheObjectsTheServiceProviderServes()
    {
        var (tokens, sessions) = ValidOptions();
        using var provider = new ServiceCollection().AddTesseraServer(tokens, sessions).BuildServiceProvider();

        Assert.Same(tokens, provider.GetRequiredService<IOptions<TokenValidationOptions>>().Value);
        Assert.Same(sessions, provider.GetRequiredService<IOptions<TesseraServerOptions>>().Value);
    }

    [Fact]
    [Trait("Requirement", Req.CLK_2)]
    public void AddTesseraServer_KeepsAClockTheHostRegisteredFirst()
    {
        var (tokens, sessions) = ValidOptions();
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);

        using var provider = services.AddTesseraServer(tokens, sessions).BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static (TokenValidationOptions Tokens, TesseraServerOptions Sessions) ValidOptions() =>
        (new TokenValidationOptions { Issuers = ["app"], SharedSecrets = [new SharedSecretOptions { Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }] }, new TesseraServerOptions());
}
