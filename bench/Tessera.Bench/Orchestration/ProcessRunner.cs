using System.Diagnostics;
using System.Text;
using Tessera.Bench.Cli;

namespace Tessera.Bench.Orchestration;

/// <summary>Runs a command to its end (optionally pinned to one core) and returns its output.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessOutcome> RunAsync(IReadOnlyList<string> command, int? core, TimeSpan timeout, string? workingDirectory = null, bool echo = false)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            FileName = core is null ? command[0] : "taskset",
        };
        if (core is { } pinned)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(pinned.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(command[0]);
        }

        for (var i = 1; i < command.Count; i++)
        {
            info.ArgumentList.Add(command[i]);
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = Process.Start(info) ?? throw new BenchFailedException($"could not start {command[0]}");
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data, echo);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data, echo);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var stopwatch = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new BenchFailedException($"{command[0]} did not finish within {timeout.TotalSeconds:0} s.{Environment.NewLine}{Tail(stdout)}{Tail(stderr)}");
        }

        process.WaitForExit();
        stopwatch.Stop();
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessOutcome(process.ExitCode, stdout.ToString(), stderr.ToString(), stopwatch.Elapsed);
            }
        }
    }

    public static string Tail(StringBuilder text)
    {
        lock (text)
        {
            var s = text.ToString();
            return s.Length <= 4000 ? s : "..." + s[^4000..];
        }
    }

    public static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];

    private static void Append(StringBuilder target, string? line, bool echo)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }

        if (echo)
        {
            Console.Error.WriteLine("  | " + line);
        }
    }
}
