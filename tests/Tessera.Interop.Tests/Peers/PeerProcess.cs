using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Tessera.Interop.Tests.Peers;

/// <summary>
/// Runs peer programs from <c>interop/</c> with a hard timeout and captures
/// what they print. A server is a <see cref="PeerProcess"/> that lives until
/// disposed: closing its standard input is how it is told to exit.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    /// <summary>How long a server may take to print its port.</summary>
    public static readonly TimeSpan ServerStartTimeout = TimeSpan.FromSeconds(30);

    // How long a server gets to exit after its stdin closes before it is killed.
    private static readonly TimeSpan ServerStopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string?> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(Process process, string command)
    {
        _process = process;
        Command = command;
    }

    /// <summary>The command line, for messages.</summary>
    public string Command { get; }

    /// <summary>The port a server printed as <c>PORT &lt;n&gt;</c>; 0 before it did.</summary>
    public int Port { get; private set; }

    /// <summary>The server address for clients: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Target => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs a peer's client program to its end, killing it after <paramref name="timeout"/>.</summary>
    public static async Task<PeerRun> RunClientAsync(Peer peer, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        await using var running = Start(peer, peer.ClientScript, arguments);
        running._process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await running._process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            running.Kill();
            throw new TimeoutException($"{peer} client did not finish within {timeout.TotalSeconds} s.\n{running.Snapshot(-1).Describe()}");
        }
        // WaitForExitAsync also waits for the redirected streams to reach EOF.
        return running.Snapshot(running._process.ExitCode);
    }

    /// <summary>Starts a peer's server program and waits for its <c>PORT &lt;n&gt;</c> line.</summary>
    public static async Task<PeerProcess> StartServerAsync(Peer peer)
    {
        var server = Start(peer, peer.ServerScript, []);
        string problem;
        try
        {
            var line = await server._firstLine.Task.WaitAsync(ServerStartTimeout);
            const string prefix = "PORT ";
            if (line is not null
                && line.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && port is > 0 and <= 65535)
            {
                server.Port = port;
                return server;
            }
            problem = line is null ? "exited without printing 'PORT <n>'" : $"printed '{line}' instead of 'PORT <n>'";
        }
        catch (TimeoutException)
        {
            problem = $"printed no port within {ServerStartTimeout.TotalSeconds} s";
        }
        // Stopping it first lets the output, stderr above all, be read to the end.
        await server.DisposeAsync();
        throw new InvalidOperationException($"The {peer} server {problem}.\n{server.Snapshot(-1).Describe()}");
    }

    /// <summary>What the process printed so far (exit code -1 while it runs).</summary>
    public PeerRun Snapshot(int exitCode)
    {
        lock (_stdout)
        {
            return new PeerRun(Command, exitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    /// <summary>Closes standard input (the exit signal), then kills the process if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(ServerStopTimeout);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    Kill();
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static PeerProcess Start(Peer peer, string script, IReadOnlyList<string> arguments)
    {
        peer.EnsureInstalled();
        var info = new ProcessStartInfo(peer.Executable)
        {
            WorkingDirectory = RepositoryPaths.Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepositoryPaths.Interop, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["NODE_PATH"] = RepositoryPaths.NodeModules;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        info.Environment["PYTHONUNBUFFERED"] = "1";

        var process = new Process { StartInfo = info };
        var running = new PeerProcess(process, peer.Executable + " " + string.Join(' ', info.ArgumentList));
        process.OutputDataReceived += (_, e) => running.OnOutput(e.Data, running._stdout, firstLine: true);
        process.ErrorDataReceived += (_, e) => running.OnOutput(e.Data, running._stderr, firstLine: false);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {running.Command}.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    private void OnOutput(string? line, StringBuilder into, bool firstLine)
    {
        if (line is null)
        {
            // End of stream: a server that exits before printing its port fails fast.
            if (firstLine)
            {
                _firstLine.TrySetResult(null);
            }
            return;
        }
        lock (_stdout)
        {
            into.Append(line).Append('\n');
        }
        if (firstLine)
        {
            _firstLine.TrySetResult(line);
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
