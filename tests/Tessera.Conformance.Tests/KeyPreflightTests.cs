using Tessera.ReferenceServer;

namespace Tessera.Conformance.Tests;

/// <summary>Keys without guesswork: a key the target does not trust is a diagnosis (exit 2), never a list of broken MUSTs.</summary>
[Collection(ServerCollection.Name)]
public sealed class KeyPreflightTests
{
    /// <summary>The development profile's shape: a random binary secret, base64 in the configuration.</summary>
    private static Task<ReferenceServerHost> ServerWithBase64SecretAsync() =>
        ReferenceServerHost.StartAsync(ReferenceServerSettings.Development(useTestClock: true));

    [Fact]
    public async Task Run_Base64SecretPastedAsText_ExitsWith2NamingIssuerKidAlgorithmAndEncoding()
    {
        await using var server = await ServerWithBase64SecretAsync();
        var base64 = server.Settings.Tokens.SharedSecrets[0].Secret;

        var (exit, output, error) = await CliTests.RunAsync("--target", server.Address.ToString(), "--hs256-secret", base64, "--kid", "dev");

        Assert.Equal(2, exit);
        Assert.Contains("refused a plainly valid token with TOKEN_INVALID", error, StringComparison.Ordinal);
        Assert.Contains("issuer tessera-dev, kid dev, algorithm HS256", error, StringComparison.Ordinal);
        Assert.Contains("--hs256-secret-base64", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Broken MUSTs", output + error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Run_Base64SecretGivenAsBase64_PassesThePreflightAndJudges()
    {
        await using var server = await ServerWithBase64SecretAsync();
        var base64 = server.Settings.Tokens.SharedSecrets[0].Secret;

        var (exit, output, error) = await CliTests.RunAsync("--target", server.Address.ToString(), "--hs256-secret-base64", base64, "--kid", "dev", "--run", "info/server-info");

        Assert.True(exit == 0, output + error);
        Assert.Contains("PASS  info/server-info", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--hs256-secret-base64", "not base64!", "--hs256-secret-base64 takes base64, got \"not base64!\"")]
    [InlineData("--hs256-secret", "a", "--hs256-secret, --hs256-secret-base64 and --signing-key exclude each other")]
    public async Task Run_BadKeyOptions_OneLineAndExit2(string option, string value, string message)
    {
        var args = option == "--hs256-secret"
            ? new[] { "--target", "http://127.0.0.1:1", "--hs256-secret", value, "--hs256-secret-base64", "YQ==" }
            : ["--target", "http://127.0.0.1:1", option, value];

        var (exit, _, error) = await CliTests.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
