using System.Text.RegularExpressions;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Tessera.Conformance.Cli;
using Tessera.Protocol;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The launcher contract (run --server-command, conformance/docs/launcher.md),
/// with the reference server started as a real child process: its built dll,
/// run by the dotnet host, in the Development profile on the test clock.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class LauncherTests
{
    /// <summary>The HS256 secret of reference-server/appsettings.Development.json (kid "dev").</summary>
    private const string DevelopmentSecret = "XMqo6Ei0Koel+6xS/1tzgwOqm6agOXma4Bkc3h1nwoc=";

    /// <summary>The reference server's command line for the launcher: {port} is the suite's choice.</summary>
    internal static string ReferenceServerCommand =>
        $"dotnet \"{Path.Combine(AppContext.BaseDirectory, "tessera-reference-server.dll")}\" --environment Development --test-clock --urls http://127.0.0.1:{{port}}";

    [Fact]
    public async Task ServerCommand_ReferenceServer_ChecksEvt7ThroughSigtermAndPasses()
    {
        var (exit, output, error) = await CliTests.RunAsync(
            "run", "--server-command", ReferenceServerCommand, "--hs256-secret-base64", DevelopmentSecret, "--kid", "dev",
            "--run", "events/shutdown,info/server-info", "--no-color");

        Assert.True(exit == 0, output + error);
        Assert.Matches(Verdict("PASS", "events/shutdown"), output);
        Assert.Matches(Verdict("PASS", "info/server-info"), output);
        Assert.Contains("TESSERA_PORT=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerCommand_TargetIgnoringSigterm_MakesEvt7AWarningNotAFailure()
    {
        // The mutant: a wrapper shell that ignores SIGTERM and keeps the server in
        // the foreground, so the signal never reaches it and its streams stay open
        // until the suite kills the process tree after the grace.
        var wrapper = Path.Combine(Directory.CreateTempSubdirectory("tessera-launcher-").FullName, "ignore-sigterm.sh");
        await File.WriteAllTextAsync(wrapper, "trap '' TERM\n\"$@\"\n");
        try
        {
            var (exit, output, error) = await CliTests.RunAsync(
                "run", "--server-command", $"sh \"{wrapper}\" {ReferenceServerCommand}", "--server-stop-grace", "2s",
                "--hs256-secret-base64", DevelopmentSecret, "--kid", "dev", "--run", "events/shutdown", "--no-color");

            Assert.True(exit == 0, output + error);
            Assert.Matches(Verdict("WARN", "events/shutdown") + @"\s.*EVT-7", output);
            Assert.Contains("lost its connection without a status", output, StringComparison.Ordinal);
            Assert.DoesNotContain(Req.ERR_1, output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(wrapper)!, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_ReferenceServer_ComesBackHealthyOnTheSamePortAfterAGracefulStop()
    {
        await using var target = await LaunchedTarget.StartAsync(ReferenceServerCommand, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), CancellationToken.None);
        var port = target.Port;

        await target.RestartAsync();

        Assert.Equal(2, target.Starts);
        Assert.True(target.LastStopWasGraceful, target.LastOutput);
        Assert.Equal(port, target.Port);
        using var channel = GrpcChannel.ForAddress(target.Address);
        var answer = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    [Fact]
    public async Task ServerCommand_ExitingEarly_ExitsWith2WithItsCodeAndLastOutput()
    {
        var (exit, output, error) = await CliTests.RunAsync(
            "run", "--server-command", "sh -c \"echo port=$TESSERA_PORT arg={port}; echo cannot bind >&2; exit 3\"", "--hs256-secret", "s");

        Assert.True(exit == 2, output + error);
        Assert.Contains("exited with code 3 before it was healthy", error, StringComparison.Ordinal);
        Assert.Contains("cannot bind", error, StringComparison.Ordinal);
        // The port reached the command both ways: the variable and the placeholder.
        Assert.Matches(PortEcho(), error);
    }

    [Fact]
    public async Task ServerCommand_NeverHealthy_ExitsWith2AfterTheStartTimeout()
    {
        var (exit, output, error) = await CliTests.RunAsync(
            "run", "--server-command", "sh -c \"echo listening soon; exec sleep 60\"", "--server-start-timeout", "1s", "--hs256-secret", "s");

        Assert.True(exit == 2, output + error);
        Assert.Contains("did not get healthy", error, StringComparison.Ordinal);
        Assert.Contains("listening soon", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerCommand_MissingProgram_ExitsWith2AndNamesIt()
    {
        var (exit, output, error) = await CliTests.RunAsync("run", "--server-command", "/nonexistent/tessera-server {port}", "--hs256-secret", "s");

        Assert.True(exit == 2, output + error);
        Assert.Contains("could not start \"/nonexistent/tessera-server\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target and --server-command exclude each other", "--server-command", "x", "--target", "http://127.0.0.1:1", "--hs256-secret", "s")]
    [InlineData("--server-command needs a key", "--server-command", "x")]
    [InlineData("only make sense with --server-command", "--server-stop-grace", "1s")]
    public void Parse_ServerCommandRules_AreUsageErrors(string message, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => CliParser.Parse(args));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutShutdownHook_SkipsEvt7AndSaysHowToEnableIt()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None);
        var report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new Target.TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" },
            Run = ["events/shutdown"],
        });

        var result = Assert.Single(report.Results, r => r.Case.Name == "events/shutdown");
        Assert.Equal(CaseVerdict.Skipped, result.Verdict);
        Assert.Contains("--server-command", result.SkipReason, StringComparison.Ordinal);
    }

    private static string Verdict(string label, string name) => $@"\b{label}\s+{Regex.Escape(name)}\b";

    [GeneratedRegex(@"port=(\d+) arg=\1")]
    private static partial Regex PortEcho();
}
