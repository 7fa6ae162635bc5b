using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Tessera.Conformance.Cli;

/// <summary>
/// The implementation under test, started by the suite (run --server-command):
/// the launcher contract of conformance/docs/launcher.md. The suite picks a
/// free loopback port and hands it over as TESSERA_PORT and in place of every
/// <c>{port}</c>; the target is ready once grpc.health.v1 answers SERVING (or
/// UNIMPLEMENTED: the health service is a SHOULD, TRN-8, judged by its own
/// case); it is stopped with SIGTERM, then killed after a grace.
/// </summary>
internal sealed class LaunchedTarget : IAsyncDisposable
{
    public const string PortVariable = "TESSERA_PORT";
    public const string PortPlaceholder = "{port}";

    private const int DiagnosticLines = 30;
    private const int SigTerm = 15;

    private readonly string _command;
    private readonly TimeSpan _healthTimeout;
    private readonly TimeSpan _stopGrace;
    private readonly Queue<string> _lastLines = new();
    private Process? _process;
    private int _starts;

    private LaunchedTarget(string command, int port, TimeSpan healthTimeout, TimeSpan stopGrace)
    {
        _command = command;
        Port = port;
        _healthTimeout = healthTimeout;
        _stopGrace = stopGrace;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>How many times the process was started (1 after <see cref="StartAsync"/>, 2 after one restart).</summary>
    public int Starts => _starts;

    /// <summary>Whether the last stop ended the process with SIGTERM within the grace, rather than a kill.</summary>
    public bool LastStopWasGraceful { get; private set; }

    /// <summary>The last lines the process wrote (stdout and stderr, interleaved), for a diagnosis.</summary>
    public string LastOutput
    {
        get
        {
            lock (_lastLines)
            {
                return _lastLines.Count == 0 ? "  (no output)" : string.Join(Environment.NewLine, _lastLines.Select(l => "  | " + l));
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> on a free port and waits until it is healthy;
    /// a <see cref="LaunchException"/> (exit code 2) when it exits early or never gets healthy.
    /// </summary>
    public static async Task<LaunchedTarget> StartAsync(string command, TimeSpan healthTimeout, TimeSpan stopGrace, CancellationToken cancellation)
    {
        var target = new LaunchedTarget(command, FreePort(), healthTimeout, stopGrace);
        try
        {
            await target.LaunchAsync(cancellation).ConfigureAwait(false);
            return target;
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Stops the process (SIGTERM, then a kill after the grace) and starts it
    /// again on the same port: for a case that stops the target (EVT-7), so that
    /// any later case finds it up. Returns once the new process is healthy.
    /// </summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await LaunchAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>SIGTERM, wait up to the grace for the exit, then kill the process tree. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (process.HasExited)
            {
                LastStopWasGraceful = true;
                return;
            }

            Terminate(process);
            using var grace = new CancellationTokenSource(_stopGrace);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                LastStopWasGraceful = true;
            }
            catch (OperationCanceledException)
            {
                LastStopWasGraceful = false;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task LaunchAsync(CancellationToken cancellation)
    {
        var words = CommandLineParser.SplitCommandLine(_command).ToList();
        if (words.Count == 0)
        {
            throw new UsageException("--server-command is empty");
        }

        var port = Port.ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo(words[0].Replace(PortPlaceholder, port, StringComparison.Ordinal))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1))
        {
            info.ArgumentList.Add(word.Replace(PortPlaceholder, port, StringComparison.Ordinal));
        }

        info.Environment[PortVariable] = port;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new LaunchException($"--server-command: could not start \"{words[0]}\"");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new LaunchException($"--server-command: could not start \"{words[0]}\": {e.Message}");
        }

        _process = process;
        _starts++;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitHealthyAsync(process, cancellation).ConfigureAwait(false);
    }

    private async Task WaitHealthyAsync(Process process, CancellationToken cancellation)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < _healthTimeout)
        {
            cancellation.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                // Let the output readers drain, so the diagnosis shows the last words.
                await process.WaitForExitAsync(cancellation).ConfigureAwait(false);
                throw new LaunchException($"--server-command exited with code {process.ExitCode} before it was healthy on port {Port}; its last output:{Environment.NewLine}{LastOutput}");
            }

            try
            {
                var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellation).ConfigureAwait(false);
                if (answer.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }

                last = "health status " + answer.Status;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
            {
                // It speaks gRPC but has no health service (TRN-8 is a SHOULD, checked by transport/health).
                return;
            }
            catch (RpcException e)
            {
                last = $"{e.StatusCode}: {e.Status.Detail}";
            }

            // A poll interval for a process starting up, not a wait on a race.
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation).ConfigureAwait(false);
        }

        await StopAsync().ConfigureAwait(false);
        throw new LaunchException($"--server-command did not get healthy on port {Port} within {_healthTimeout.TotalSeconds:0.#}s (grpc.health.v1 Check: {last}); its last output:{Environment.NewLine}{LastOutput}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > DiagnosticLines)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// SIGTERM to the process itself (not a kill): .NET has no API that sends a
    /// chosen signal to another process, so this calls kill(2). Windows has no
    /// SIGTERM; there the process is killed after no grace.
    /// </summary>
    private static void Terminate(Process process)
    {
        if (OperatingSystem.IsWindows())
        {
            process.Kill(entireProcessTree: true);
            return;
        }

        _ = Kill(process.Id, SigTerm);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
