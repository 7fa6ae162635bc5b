using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Conformance.Cli;
using Grpc.Core;

namespace Tessera.Conformance.Tests;

[Collection(ServerCollection.Name)]
public sealed class CliTests
{
    /// <summary>Runs the conformance CLI in this process, as a user's command line would.</summary>
    internal static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApplication.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Parse_RepeatedTarget_IsAClusterWithTheFirstNodeFirst()
    {
        var cli = CliParser.Parse(["run", "--target", "http://127.0.0.1:5001", "--target", "http://127.0.0.1:5002", "--target", "http://127.0.0.1:5003", "--hs256-secret", "s"]);

        Assert.Equal(new Uri("http://127.0.0.1:5001"), cli.Target);
        Assert.Equal([new Uri("http://127.0.0.1:5002"), new Uri("http://127.0.0.1:5003")], cli.MoreTargets);
    }

    [Fact]
    public void Parse_OneTarget_HasNoFurtherNodes()
    {
        var cli = CliParser.Parse(["run", "--target", "http://127.0.0.1:5001", "--hs256-secret", "s"]);

        Assert.Empty(cli.MoreTargets);
    }

    [Fact]
    public void Parse_EveryOption_LandsInTheArguments()
    {
        var cli = CliParser.Parse([
            "run", "--target", "https://example.test:8443", "--insecure", "--issuer", "app", "--audience", "aud", "--hs256-secret", "s3cret",
            "--kid", "k1", "--run", "expiry/*,EXP-1", "--skip", "tok/*", "--max-tests", "7", "--parallel", "3", "--seed", "99",
            "--trace", "--clock", "real", "--tolerance", "250ms", "--junit", "j.xml", "--json", "r.json", "--html", "r.html",
            "--policy", "reject", "--leeway", "2s", "--guest", "off", "--no-color"]);

        Assert.Equal(new Uri("https://example.test:8443"), cli.Target);
        Assert.True(cli.Insecure);
        Assert.Equal(["expiry/*", "EXP-1"], cli.Run);
        Assert.Equal(["tok/*"], cli.Skip);
        Assert.Equal(7, cli.MaxTests);
        Assert.Equal(3, cli.Parallel);
        Assert.Equal(99UL, cli.Seed);
        Assert.Equal(ClockMode.Real, cli.Clock);
        Assert.Equal(TimeSpan.FromMilliseconds(250), cli.Tolerance);
        Assert.Equal(Protocol.V1.SingleSessionPolicy.Reject, cli.Overrides.Policy);
        Assert.Equal(TimeSpan.FromSeconds(2), cli.Overrides.Leeway);
        Assert.False(cli.Overrides.GuestSessionsEnabled);
        Assert.False(cli.Color);
        Assert.Equal("r.html", cli.HtmlPath);
    }

    [Fact]
    public void Parse_ValueStartingWithAt_IsKeptNotReadAsAResponseFile()
    {
        var cli = CliParser.Parse(["--target", "http://127.0.0.1:1", "--hs256-secret", "@not-a-file"]);

        Assert.Equal("@not-a-file", cli.Hs256Secret);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--target", "ftp://x")]
    [InlineData("--target", "http://127.0.0.1:1")]
    [InlineData("--max-tests", "0")]
    [InlineData("--clock", "sundial")]
    [InlineData("--tolerance", "soon")]
    [InlineData("--hs256-secret", "x")]
    [InlineData("frobnicate")]
    public async Task Run_BadUsage_ExitsWith2AndOneLine(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--tagret", "--target")]
    [InlineData("--max-test", "--max-tests")]
    [InlineData("lsit", "list")]
    public async Task Run_TypoedOptionOrCommand_SuggestsTheNameAndExitsWith2(string typo, string suggestion)
    {
        var (exit, output, error) = await RunAsync(typo, "7");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Matches($"^error: unknown (option|command or argument) '{typo}'; did you mean {suggestion}\\? \\(see: tessera-conformance --help\\)$", error.TrimEnd());
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("--max-tests", "lots", "--max-tests must be a positive integer, got \"lots\"")]
    [InlineData("--seed", "-1", "--seed must be a non-negative integer, got \"-1\"")]
    [InlineData("--alg", "HS512", "--alg must be ES256, RS256, PS256 or EdDSA, got \"HS512\"")]
    [InlineData("--guest", "maybe", "--guest must be on or off, got \"maybe\"")]
    public async Task Run_BadValue_ExitsWith2AndNamesTheOptionInOneLine(string option, string value, string message)
    {
        var (exit, output, error) = await RunAsync("run", option, value);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: {message} (see: tessera-conformance --help)", error.TrimEnd());
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Run_Help_PrintsTheOptionsAndExitCodesAndExitsWith0(string help)
    {
        var (exit, output, error) = await RunAsync(help);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        foreach (var expected in new[] { "--target <URL>", "--hs256-secret", "--run <P[,P]>", "--clock <auto|test|real>", "--client <COMMAND>", "--junit <FILE>", "list", "Exit codes: 0 every MUST held" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_UnreachableTarget_ExitsWith2AndSaysSoInOneLine()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        var (exit, _, error) = await RunAsync("--target", "http://127.0.0.1:1", "--hs256-secret", "x");

        Assert.Equal(2, exit);
        Assert.Matches("^error: cannot reach http://127.0.0.1:1/ ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GrpcServerWithoutTessera_ExitsWith2AndSaysWhy()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<Grpc.HealthCheck.HealthServiceImpl>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        await using var app = builder.Build();
        app.MapGrpcService<Grpc.HealthCheck.HealthServiceImpl>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var (exit, _, error) = await RunAsync("--target", address, "--hs256-secret", "x");

        Assert.Equal(2, exit);
        Assert.Contains("does not serve tessera.v1.SessionService", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task List_WithoutATarget_PrintsEveryCaseAndItsIds()
    {
        var (exit, output, _) = await RunAsync("list");

        Assert.Equal(0, exit);
        foreach (var c in ConformanceSuite.ListCases())
        {
            Assert.Contains(c.Name, output, StringComparison.Ordinal);
        }

        Assert.Contains("TOK-3", output, StringComparison.Ordinal);
        Assert.Contains($"{ConformanceSuite.ListCases().Count} cases", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EmbeddedTargetWithReports_WritesJUnitJsonAndHtml()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-cli-");
        try
        {
            var junit = Path.Combine(dir.FullName, "r.xml");
            var json = Path.Combine(dir.FullName, "r.json");
            var html = Path.Combine(dir.FullName, "r.html");

            var (exit, output, error) = await RunAsync("--run", "info/server-info,clock/*", "--junit", junit, "--json", json, "--html", html);

            Assert.True(exit == 0, output + error);
            Assert.Contains("PASS", output, StringComparison.Ordinal);
            Assert.Contains("testcase", await File.ReadAllTextAsync(junit), StringComparison.Ordinal);
            Assert.Contains("\"info/server-info\"", await File.ReadAllTextAsync(json), StringComparison.Ordinal);
            Assert.Contains("<html", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("250ms", 250)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5", 1500)]
    [InlineData("1h", 3_600_000)]
    public void Duration_Forms_ParseToMilliseconds(string text, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), CliParser.Duration("--x", text));
    }
}
