using Tessera.Bench.Cli;

namespace Tessera.Bench.Tests;

public class BenchCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BenchCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("run", "--repo", "/repo", "--smoke")]
    [InlineData("run", "--repo", "/repo", "--only", "rps,micro", "--rounds", "9", "--verbose", "--out", "/repo/docs/benchmarks.md")]
    [InlineData("run", "--terminated-retention", "0", "--heap-profile")]
    [InlineData("serve", "--no-status-counting", "--terminated-retention", "2.5")]
    [InlineData("watchers", "--address", "http://127.0.0.1:1/", "--plain", "http://127.0.0.1:2/", "--issuer", "i", "--kid", "k", "--secret", "c2VjcmV0")]
    [InlineData("expiry", "--sessions", "2000", "--spread", "2", "--lead", "3")]
    [InlineData("micro", "--rounds", "1", "--artifacts", "/tmp/bdn", "--smoke")]
    [InlineData("census", "--pid", "42", "--diff", "before.json", "--per", "1000", "--top", "10")]
    public void Build_WhatRunShAndTheOrchestratorPass_ParsesWithoutErrors(params string[] args)
    {
        var parsed = BenchCommand.Build().Parse(args);

        Assert.Empty(parsed.Errors);
        Assert.Equal(args[0], parsed.CommandResult.Command.Name);
    }

    [Theory]
    [InlineData("run --smok", "tessera-bench: unknown option '--smok'; did you mean --smoke?")]
    [InlineData("serve --no-status-countin", "tessera-bench: unknown option '--no-status-countin'; did you mean --no-status-counting?")]
    [InlineData("expiyr", "tessera-bench: unknown command or argument 'expiyr'; did you mean expiry?")]
    public async Task RunAsync_Typo_SuggestsTheNameAndExitsWith2(string commandLine, string expected)
    {
        var (exit, output, error) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"{expected} (see: tessera-bench --help)", error.TrimEnd());
    }

    [Theory]
    [InlineData("expiry --sessions many", "--sessions must be a whole number >= 0; got 'many'")]
    [InlineData("expiry --spread 0", "--spread must be a positive number; got '0'")]
    [InlineData("serve --terminated-retention soon", "--terminated-retention must be a number of seconds >= 0; got 'soon'")]
    [InlineData("watchers --address http://127.0.0.1:1/", "Option '--plain' is required.")]
    [InlineData("census --pid 1", "census needs --pid and exactly one of --save FILE, --diff FILE")]
    public async Task RunAsync_BadValue_ExitsWith2WithOneLine(string commandLine, string message)
    {
        var (exit, output, error) = await RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"tessera-bench: {message} (see: tessera-bench --help)", error.TrimEnd());
    }

    [Fact]
    public async Task RunAsync_NoCommand_PrintsTheHelpAndExitsWith2()
    {
        var (exit, output, error) = await RunAsync();

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, error);
        Assert.Contains("Exit codes: 0 ran", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public async Task RunAsync_Help_ListsEveryCommandAndExitsWith0(string help)
    {
        var (exit, output, error) = await RunAsync(help);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        foreach (var command in new[] { "run", "serve", "watchers", "expiry", "micro", "census" })
        {
            Assert.Matches($"(?m)^  {command} ", output);
        }
    }
}
