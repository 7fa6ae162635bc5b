using Tessera.Conformance.Cli;

namespace Tessera.Conformance.Tests;

/// <summary>run --config: the shipped example loads, flags win over the file, mistakes name the file and line.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tessera-config-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Example_Loads_IntoTheLauncherKeysSelectionAndReports()
    {
        var example = Path.Combine(RepositoryFiles.Root(), "conformance", "tessera-conformance.example.yaml");

        var cli = CliParser.Parse(["run", "--config", example]);

        Assert.StartsWith("dotnet reference-server/bin/Release/net10.0/tessera-reference-server.dll", cli.ServerCommand, StringComparison.Ordinal);
        Assert.Contains("{port}", cli.ServerCommand, StringComparison.Ordinal);
        Assert.Null(cli.Target);
        Assert.Equal(TimeSpan.FromSeconds(60), cli.ServerStartTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), cli.ServerStopGrace);
        Assert.Equal("XMqo6Ei0Koel+6xS/1tzgwOqm6agOXma4Bkc3h1nwoc=", cli.Hs256SecretBase64);
        Assert.Equal("dev", cli.KeyId);
        Assert.Empty(cli.Run);
        Assert.Equal(["expiry/timer-lateness"], cli.KnownFlakyPatterns);
        Assert.Equal(ClockMode.Auto, cli.Clock);
        // Report paths are relative to the file, not to where the suite runs.
        Assert.Equal(Path.Combine(Path.GetDirectoryName(example)!, "conformance-report.xml"), cli.JUnitPath);
        Assert.Equal(example, cli.ConfigPath);
    }

    [Fact]
    public void Flags_OnTheCommandLine_WinOverTheFileAndDropItsWholeKeyGroup()
    {
        var config = Write("""
            target: http://127.0.0.1:1
            keys:
              hs256-secret-base64: c2VjcmV0
              alg: EdDSA
              kid: from-file
            cases:
              run: [expiry/*, EXP-1]
              known-failing: [tok/tok-3]
            max-tests: 5
            trace: true
            """);

        var cli = CliParser.Parse(["run", "--config", config, "--server-command", "srv {port}", "--hs256-secret", "cli", "--max-tests", "9"]);

        Assert.Equal("srv {port}", cli.ServerCommand);
        Assert.Null(cli.Target);
        Assert.Equal("cli", cli.Hs256Secret);
        Assert.Null(cli.Hs256SecretBase64);
        Assert.Equal("ES256", cli.Algorithm);
        Assert.Equal("from-file", cli.KeyId);
        Assert.Equal(9, cli.MaxTests);
        Assert.Equal(["expiry/*", "EXP-1"], cli.Run);
        Assert.Equal(["tok/tok-3"], cli.KnownFailingPatterns);
        Assert.True(cli.Trace);
    }

    [Fact]
    public void Json_WithTheSameKeys_Loads()
    {
        var config = Write("""{ "target": "http://127.0.0.1:1", "hs256-secret": "s", "known-flaky": "flaky.txt", "no-color": false }""", "c.json");

        var cli = CliParser.Parse(["run", "--config", config]);

        Assert.Equal(new Uri("http://127.0.0.1:1"), cli.Target);
        Assert.Equal(Path.Combine(_dir.FullName, "flaky.txt"), cli.KnownFlakyPath);
        Assert.True(cli.Color);
    }

    [Fact]
    public void List_TakesOnlyTheSelectionFromTheFile()
    {
        var config = Write("target: http://127.0.0.1:1\nhs256-secret: s\nskip: [transport/*]\n");

        var cli = CliParser.Parse(["list", "--config", config]);

        Assert.Equal(CliCommand.List, cli.Command);
        Assert.Equal(["transport/*"], cli.Skip);
        Assert.Null(cli.Target);
    }

    [Theory]
    [InlineData("target: http://127.0.0.1:1\nhs256-secret: s\nmax-test: 3\n", ":3: unknown key \"max-test\"")]
    [InlineData("target: http://127.0.0.1:1\nhs256-secret: s\nleeway: soon\n", "--leeway must be a duration")]
    [InlineData("target: http://127.0.0.1:1\nhs256-secret: s\ntrace: yes please\n", "\"trace\" must be true or false")]
    [InlineData("target: http://127.0.0.1:1\nsecrets:\n  hs256-secret: s\n", ":2: \"secrets\" holds a mapping")]
    [InlineData("target: [http://127.0.0.1:1, http://127.0.0.1:2]\nhs256-secret: s\n", "\"target\" takes one value")]
    [InlineData("- just\n- a list\n", "must be a mapping")]
    [InlineData("target: http://127.0.0.1:1\nhs256-secret: s\nkidd:\n", ":3: unknown key \"kidd\"")]
    public void Mistake_InTheFile_IsAUsageErrorNamingTheFile(string text, string message)
    {
        var config = Write(text);

        var e = Assert.Throws<UsageException>(() => CliParser.Parse(["run", "--config", config]));

        Assert.Contains(config, e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFile_ExitsWith2InOneLine()
    {
        var (exit, _, error) = await CliTests.RunAsync("run", "--config", Path.Combine(_dir.FullName, "absent.yaml"));

        Assert.Equal(2, exit);
        Assert.Contains("--config: cannot read", error, StringComparison.Ordinal);
    }

    private string Write(string text, string name = "c.yaml")
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
