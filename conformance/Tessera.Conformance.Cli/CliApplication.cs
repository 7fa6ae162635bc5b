using System.CommandLine;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Running;
using Tessera.Conformance.Target;
using Tessera.ReferenceServer;

namespace Tessera.Conformance.Cli;

/// <summary>
/// The command line's logic, apart from the process: parse (System.CommandLine,
/// see <see cref="CliParser"/>), start the
/// embedded target when there is no --target, run, report, pick the exit
/// code. Any problem that keeps the target from being judged is one line on
/// stderr and exit code 2, never a stack trace.
/// </summary>
internal static class CliApplication
{
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        try
        {
            args = CliParser.WithConfig(args);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitUsage;
        }

        var parsed = CliParser.Build((cli, token) => ExecuteAsync(cli, output, error, token)).Parse(args, CliParser.Configuration);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync($"error: {CommandLineErrors.Describe(parsed)} (see: tessera-conformance --help)").ConfigureAwait(false);
            return ExitUsage;
        }

        try
        {
            // No default exception handler (it prints a stack trace) and no Ctrl+C
            // handling of its own: Program.cs cancels, and the run reports what it had.
            var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parsed.InvokeAsync(invocation, cancellation).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message} (see: tessera-conformance --help)").ConfigureAwait(false);
            return ExitUsage;
        }
    }

    /// <summary>Runs what a command line that parsed asks for; never throws, a problem is one line and exit code 2.</summary>
    private static async Task<int> ExecuteAsync(CliArguments cli, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        // Colors only for a terminal, never into a file, pipe or test writer.
        cli = cli with { Color = cli.Color && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected };
        if (cli.Command == CliCommand.List)
        {
            await ListAsync(cli, output).ConfigureAwait(false);
            return 0;
        }

        if (cli.ClientCommand is { } clientCommand)
        {
            return await RunClientAsync(cli, clientCommand, output, error, cancellation).ConfigureAwait(false);
        }

        EmbeddedTarget? embedded = null;
        LaunchedTarget? launched = null;
        try
        {
            List<string> knownFailing = [.. cli.KnownFailingPath is { } path ? KnownFailingList.Parse(await ReadFileAsync(path, "--known-failing", cancellation).ConfigureAwait(false)) : [], .. cli.KnownFailingPatterns];
            // The same file format as the known-failing list: globs, one a line, # comments.
            List<string> knownFlaky = [.. cli.KnownFlakyPath is { } flakyPath ? KnownFailingList.Parse(await ReadFileAsync(flakyPath, "--known-flaky", cancellation).ConfigureAwait(false)) : [], .. cli.KnownFlakyPatterns];
            var pem = cli.SigningKeyPath is { } keyPath ? await ReadFileAsync(keyPath, "--signing-key", cancellation).ConfigureAwait(false) : null;
            TargetOptions target;
            if (cli.ServerCommand is { } command)
            {
                launched = await LaunchedTarget.StartAsync(command, cli.ServerStartTimeout ?? TimeSpan.FromSeconds(60), cli.ServerStopGrace ?? TimeSpan.FromSeconds(10), cancellation).ConfigureAwait(false);
                await output.WriteLineAsync($"Started the target with --server-command at {launched.Address} ({LaunchedTarget.PortVariable}={launched.Port}).").ConfigureAwait(false);
            }

            if ((cli.Target ?? launched?.Address) is { } address)
            {
                target = new TargetOptions
                {
                    Address = address,
                    MoreNodes = cli.MoreTargets,
                    AllowUntrustedCertificate = cli.Insecure,
                    Issuer = cli.Issuer,
                    Audience = cli.Audience,
                    Hs256Secret = cli.Hs256Secret,
                    Hs256SecretBase64 = cli.Hs256SecretBase64,
                    SigningKeyPem = pem,
                    Algorithm = cli.Algorithm,
                    KeyId = cli.KeyId,
                    CallTimeout = cli.CallTimeout ?? TimeSpan.FromSeconds(10),
                    // EVT-7: stopping the launched process is SIGTERM; it comes back for any later case.
                    Shutdown = launched is null ? null : launched.RestartAsync,
                };
            }
            else
            {
                embedded = await EmbeddedTarget.StartAsync(cli.Clock == ClockMode.Real, cancellation).ConfigureAwait(false);
                await output.WriteLineAsync($"Started the embedded reference server at {embedded.Address} ({(cli.Clock == ClockMode.Real ? "real clock, short durations" : "test clock")}).").ConfigureAwait(false);
                target = new TargetOptions
                {
                    Address = embedded.Address,
                    Hs256Secret = embedded.Secret,
                    KeyId = "dev",
                    Issuer = cli.Issuer,
                    Audience = cli.Audience,
                    CallTimeout = cli.CallTimeout ?? TimeSpan.FromSeconds(10),
                    Shutdown = embedded.StopAsync,
                };
            }

            var options = new ConformanceOptions
            {
                Target = target,
                Overrides = cli.Overrides.IsEmpty ? null : cli.Overrides,
                Clock = cli.Clock,
                Run = cli.Run,
                Skip = cli.Skip,
                KnownFailing = knownFailing,
                KnownFlaky = knownFlaky,
                MaxTests = cli.MaxTests,
                ShrinkBudget = cli.ShrinkBudget ?? 300,
                Parallel = cli.Parallel ?? 16,
                Seed = cli.Seed,
                Replay = cli.Replay,
                Trace = cli.Trace,
                Tolerance = cli.Tolerance ?? TimeSpan.FromSeconds(1),
                CommandLine = ReplayPrefix(cli),
            };

            var total = cli.Replay is null ? ConformanceSuite.SelectCases(cli.Run, cli.Skip).Count : 1;
            var progress = new ConsoleProgress(output, cli.Color, total);
            var report = await ConformanceSuite.RunAsync(options, progress, cancellation).ConfigureAwait(false);
            await output.WriteAsync(ConsoleReport.Render(report, cli.Color, verbose: false)).ConfigureAwait(false);
            await WriteReportAsync(cli.JUnitPath, () => JUnitReport.Render(report), output, cancellation).ConfigureAwait(false);
            await WriteReportAsync(cli.JsonPath, () => JsonReport.Render(report), output, cancellation).ConfigureAwait(false);
            await WriteReportAsync(cli.HtmlPath, () => HtmlReport.Render(report), output, cancellation).ConfigureAwait(false);
            return report.ExitCode;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (LaunchException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (TargetUnusableException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return ExitUsage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of the suite, not of the target: still one line, with enough to report it.
            await error.WriteLineAsync($"error: the suite itself failed ({e.GetType().Name}: {e.Message}); please report it with the command line").ConfigureAwait(false);
            return ExitUsage;
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }

            if (launched is not null)
            {
                await launched.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task ListAsync(CliArguments cli, TextWriter output)
    {
        var cases = ConformanceSuite.SelectCases(cli.Run, cli.Skip);
        foreach (var c in cases)
        {
            var needs = c.NeedsTestClock ? " [test clock]" : c.NeedsRealClock ? " [real clock]" : c.NeedsShutdown ? " [--server-command or embedded target]" : c.NeedsNodeStop ? " [in-process cluster]" : "";
            await output.WriteLineAsync($"{c.Name,-34} {c.Kind,-8} {string.Join(",", c.Requirements)}{needs}").ConfigureAwait(false);
            await output.WriteLineAsync($"{"",-34} {"",-8} {c.Summary}").ConfigureAwait(false);
        }

        var covered = cases.SelectMany(c => c.Requirements).Distinct().Count();
        await output.WriteLineAsync($"{cases.Count} cases covering {covered} requirement ids").ConfigureAwait(false);
    }

    private static async Task<string> ReadFileAsync(string path, string option, CancellationToken cancellation)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot read \"{path}\": {e.Message}");
        }
    }

    private static async Task WriteReportAsync(string? path, Func<string> render, TextWriter output, CancellationToken cancellation)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            await File.WriteAllTextAsync(path, render(), cancellation).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote {path}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write \"{path}\": {e.Message}");
        }
    }

    /// <summary>The command that reruns against the same target; secrets are left as placeholders.</summary>
    private static string ReplayPrefix(CliArguments cli)
    {
        var text = "dotnet run --project conformance/Tessera.Conformance.Cli --";
        if (cli.ConfigPath is { } config)
        {
            text += $" --config {config}";
        }

        if (cli.Target is not null || cli.ServerCommand is not null)
        {
            text += cli.Target is { } target
                ? string.Concat(new[] { target }.Concat(cli.MoreTargets).Select(t => $" --target {t}"))
                : $" --server-command \"{cli.ServerCommand}\"";
            text += cli.Hs256Secret is not null ? " --hs256-secret <secret>" : cli.Hs256SecretBase64 is not null ? " --hs256-secret-base64 <secret>" : $" --signing-key {cli.SigningKeyPath} --alg {cli.Algorithm}";
            if (cli.KeyId is not null)
            {
                text += " --kid " + cli.KeyId;
            }
        }

        if (cli.Clock != ClockMode.Auto)
        {
            text += " --clock " + cli.Clock.ToString().ToLowerInvariant();
        }

        if (cli.Trace)
        {
            text += " --trace";
        }

        return text;
    }

    /// <summary>
    /// run --client "command": the client-conformance mode (CLI-1..CLI-8). The
    /// suite runs its own instrumented server on the test clock and drives the
    /// client through the harness contract (conformance/docs/client-harness.md).
    /// </summary>
    private static async Task<int> RunClientAsync(CliArguments cli, string clientCommand, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        if (cli.Target is not null || cli.ServerCommand is not null)
        {
            await error.WriteLineAsync("error: --client and --target or --server-command do not go together: client mode runs its own server").ConfigureAwait(false);
            return ExitUsage;
        }

        var result = await Clients.ClientConformanceRunner.RunAsync(clientCommand, new Clients.ClientConformanceOptions
        {
            Iterations = cli.MaxTests ?? 20,
            Seed = cli.Seed,
            Requirements = cli.Run.Count > 0 ? cli.Run : null,
            Log = line => error.WriteLine(line),
        }, cancellation).ConfigureAwait(false);
        await output.WriteAsync(result.ToReport()).ConfigureAwait(false);
        return result.Passed ? 0 : 1;
    }
}
