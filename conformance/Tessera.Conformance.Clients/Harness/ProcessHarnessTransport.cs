using System.Diagnostics;
using System.Text;

namespace Tessera.Conformance.Clients.Harness;

/// <summary>
/// A client under test run as a child process: <c>/bin/sh -c "command"</c>
/// (<c>cmd.exe /c</c> on Windows), so the command may carry arguments and
/// environment. Disposing closes its stdin (the adapter's cue to exit) and
/// kills the process tree if it has not exited a few seconds later.
/// </summary>
public sealed class ProcessHarnessTransport : IClientHarnessTransport
{
    private const int DiagnosticLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _stderr = new();

    private ProcessHarnessTransport(Process process, string command)
    {
        _process = process;
        Description = command;
        Commands = process.StandardInput;
        Answers = process.StandardOutput;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderr)
            {
                _stderr.Enqueue(e.Data);
                while (_stderr.Count > DiagnosticLines)
                {
                    _stderr.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public string Description { get; }

    public TextWriter Commands { get; }

    public TextReader Answers { get; }

    public string Diagnostics
    {
        get
        {
            lock (_stderr)
            {
                return string.Join(Environment.NewLine, _stderr);
            }
        }
    }

    /// <summary>Starts <paramref name="command"/> through the platform shell.</summary>
    public static ProcessHarnessTransport Start(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var windows = OperatingSystem.IsWindows();
        var info = new ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        info.ArgumentList.Add(windows ? "/c" : "-c");
        info.ArgumentList.Add(command);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start: {command}");
        process.StandardInput.AutoFlush = true;
        return new ProcessHarnessTransport(process, command);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It has gone already.
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
