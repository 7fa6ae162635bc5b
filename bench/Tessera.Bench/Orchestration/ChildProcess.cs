using System.Diagnostics;
using System.Threading.Channels;
using Tessera.Bench.Cli;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// A process the orchestrator started (optionally pinned to one core with
/// taskset), with its stdout split into protocol lines (<c>TAG {json}</c>) and
/// log lines. The last log lines are kept for the error message when it fails.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLogLines = 40;

    private readonly Process _process;
    private readonly Channel<string> _tagged = Channel.CreateUnbounded<string>();
    private readonly Queue<string> _log = new();
    private readonly bool _verbose;

    private ChildProcess(string name, Process process, bool verbose)
    {
        Name = name;
        _process = process;
        _verbose = verbose;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public string RecentLog
    {
        get
        {
            lock (_log)
            {
                return string.Join(Environment.NewLine, _log);
            }
        }
    }

    public static ChildProcess Start(string name, IReadOnlyList<string> command, int? core, bool verbose, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        // taskset execs the command, so the pid we hold is the pinned process itself.
        if (core is { } pinned)
        {
            info.FileName = "taskset";
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(pinned.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(command[0]);
        }
        else
        {
            info.FileName = command[0];
        }

        for (var i = 1; i < command.Count; i++)
        {
            info.ArgumentList.Add(command[i]);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        var process = Process.Start(info) ?? throw new BenchFailedException($"could not start {name}: {command[0]}");
        var child = new ChildProcess(name, process, verbose);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, isError: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The payload of the next <c>TAG ...</c> line; fails when the process exits first or the time runs out.</summary>
    public async Task<string> ReadTaggedAsync(string tag, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _tagged.Reader.WaitToReadAsync(cts.Token).ConfigureAwait(false))
            {
                while (_tagged.Reader.TryRead(out var line))
                {
                    if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                    {
                        return line[(tag.Length + 1)..];
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new BenchFailedException($"{Name}: no {tag} within {timeout.TotalSeconds:0} s.{Environment.NewLine}{RecentLog}");
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        throw new BenchFailedException($"{Name} exited with code {_process.ExitCode} before {tag}.{Environment.NewLine}{RecentLog}");
    }

    public async Task<T> ReadAsync<T>(string tag, TimeSpan timeout) =>
        ChildProtocol.Parse<T>(await ReadTaggedAsync(tag, timeout).ConfigureAwait(false));

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    public async Task<T> RequestAsync<T>(string command, string replyTag, TimeSpan timeout)
    {
        await SendAsync(command).ConfigureAwait(false);
        return await ReadAsync<T>(replyTag, timeout).ConfigureAwait(false);
    }

    /// <summary>Waits for the exit code; kills the process (and only it) when it overruns.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new BenchFailedException($"{Name} did not finish within {timeout.TotalSeconds:0} s.{Environment.NewLine}{RecentLog}");
        }

        // The async readers may still be draining the last lines.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as a crash would end it: no shutdown, nothing flushed.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await SendAsync("quit").ConfigureAwait(false);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }

        _process.Dispose();
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            if (!isError)
            {
                _tagged.Writer.TryComplete();
            }

            return;
        }

        if (!isError && IsProtocolLine(line))
        {
            _tagged.Writer.TryWrite(line);
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > KeptLogLines)
            {
                _log.Dequeue();
            }
        }

        if (_verbose)
        {
            Console.Error.WriteLine($"  [{Name}] {line}");
        }
    }

    /// <summary><c>TAG {json}</c>: upper-case ASCII letters, one space, a JSON object.</summary>
    private static bool IsProtocolLine(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || space + 1 >= line.Length || line[space + 1] != '{')
        {
            return false;
        }

        for (var i = 0; i < space; i++)
        {
            if (!char.IsAsciiLetterUpper(line[i]))
            {
                return false;
            }
        }

        return true;
    }
}
