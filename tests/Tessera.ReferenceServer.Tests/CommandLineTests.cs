using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Tessera.ReferenceServer.Tests;

/// <summary>
/// The server's command line, run as the real process: what a user types is
/// what is tested, and the configuration pass-through can only be seen from outside.
/// </summary>
public sealed class CommandLineTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(ReferenceServerHost).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The environment comes from the command line only, whatever the test runner has.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static JsonElement Payload(string jwt)
    {
        var part = jwt.Trim().Split('.')[1].Replace('-', '+').Replace('_', '/');
        var bytes = Convert.FromBase64String(part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '='));
        return JsonDocument.Parse(Encoding.UTF8.GetString(bytes)).RootElement.Clone();
    }

    [Fact]
    public async Task Token_ConfigurationKeysOnTheCommandLine_ReachTheConfiguration()
    {
        var (exit, output, error) = await RunAsync("token", "--environment", "Development", "--Tessera:Tokens:Issuers:0=cli-issuer", "--sub", "bob", "--roles", "a,b", "--ttl", "60");

        Assert.True(exit == 0, error);
        var payload = Payload(output);
        Assert.Equal("cli-issuer", payload.GetProperty("iss").GetString());
        Assert.Equal("bob", payload.GetProperty("sub").GetString());
        Assert.Equal(["a", "b"], payload.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(60, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
    }

    [Theory]
    [InlineData("--test-clok", "unknown option '--test-clok'; did you mean --test-clock?")]
    [InlineData("token --sbu bob", "unknown option '--sbu'; did you mean --sub?")]
    [InlineData("token --ttl soon", "--ttl takes a positive number of seconds, got \"soon\"")]
    [InlineData("tokne", "unknown command or argument 'tokne'; did you mean token?")]
    public async Task Command_BadUsage_OneLineAndExit2WithoutStarting(string commandLine, string message)
    {
        var (exit, output, error) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"tessera-reference-server: {message} (see --help)", error.TrimEnd());
    }

    [Fact]
    public async Task Serve_HttpsUrlWithoutCertificate_RefusesToStartNamingTheKeys()
    {
        var (exit, _, error) = await RunAsync("--environment", "Development", "--urls", "https://127.0.0.1:0");

        Assert.Equal(2, exit);
        Assert.Contains("an https:// URL needs Tessera:Tls:CertificatePath and Tessera:Tls:KeyPath", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:00")]
    public async Task Serve_TimerLeaseNotAPositiveTimeSpan_RefusesToStartNamingTheKey(string lease)
    {
        // Refused before Redis is contacted: nothing listens on port 1.
        var (exit, _, error) = await RunAsync("--environment", "Development", "--urls", "http://127.0.0.1:0", "--Tessera:Store:Redis=127.0.0.1:1", "--Tessera:Store:TimerLease=" + lease);

        Assert.Equal(2, exit);
        Assert.Contains($"Tessera:Store:TimerLease must be a positive time span such as 00:00:01; it is \"{lease}\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_Help_ListsTheSwitchesAndThePassThrough()
    {
        var (exit, output, error) = await RunAsync("--help");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        foreach (var expected in new[] { "--urls", "--test-clock", "--environment <NAME>", "token", "--Tessera:Sessions:KEY=VALUE", "--Tessera:Tokens:KEY=VALUE" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }
}
