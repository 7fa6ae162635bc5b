using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;

namespace Tessera.Server.Redis.Tests.Processes;

/// <summary>
/// One reference-server node as its own process (the built tessera-reference-server.dll,
/// as <c>scripts/cluster.sh</c> runs it), for the tests whose point is a process dying:
/// an in-process node cannot be SIGKILLed. Ready once grpc.health.v1 answers SERVING,
/// as the conformance CLI's launcher waits (LaunchedTarget, internal to the CLI, so not shared).
/// </summary>
internal sealed class ReferenceServerProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private static readonly string ServerAssembly = typeof(ReferenceServerHost).Assembly.Location;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ReferenceServerProcess(string name, int port, Process process)
    {
        Name = name;
        Address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _process = process;
        Channel = GrpcChannel.ForAddress(Address);
        Sessions = new SessionService.SessionServiceClient(Channel);
    }

    public string Name { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public SessionService.SessionServiceClient Sessions { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the node wrote, for a failure message.</summary>
    public string LastOutput
    {
        get
        {
            lock (_lastLines)
            {
                return _lastLines.Count == 0 ? "  (no output)" : string.Join(Environment.NewLine, _lastLines.Select(l => $"  [{Name}] {l}"));
            }
        }
    }

    /// <summary>
    /// Starts a node with these configuration switches on a free loopback port and waits until it
    /// serves; on another port when something took the probed one before the node bound it.
    /// </summary>
    public static async Task<ReferenceServerProcess> StartAsync(string name, IReadOnlyList<string> configuration, TimeSpan readyBound)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var node = Launch(name, configuration);
            try
            {
                await node.WaitServingAsync(readyBound);
                return node;
            }
            catch (PortTakenException) when (attempt < Attempts)
            {
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
    }

    private static ReferenceServerProcess Launch(string name, IReadOnlyList<string> configuration)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The content root: appsettings.json sits beside the assembly.
            WorkingDirectory = Path.GetDirectoryName(ServerAssembly)!,
        };
        info.ArgumentList.Add(ServerAssembly);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        foreach (var argument in configuration)
        {
            info.ArgumentList.Add(argument);
        }

        // The environment comes from the arguments only, whatever the test runner has.
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var node = new ReferenceServerProcess(name, port, process);
        process.OutputDataReceived += (_, e) => node.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => node.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>SIGKILL: the node stops without a word, as a crashed machine does; returns once it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // Process.Kill is SIGKILL on Unix (the test's point), and only this process.
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitServingAsync(TimeSpan bound)
    {
        var health = new Health.HealthClient(Channel);
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < bound)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                var message = $"{Name} exited with code {_process.ExitCode} before serving:{Environment.NewLine}{LastOutput}";
                throw LastOutput.Contains("address already in use", StringComparison.Ordinal) ? new PortTakenException(message) : new InvalidOperationException(message);
            }

            try
            {
                var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (answer.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }

                last = "health status " + answer.Status;
            }
            catch (RpcException e)
            {
                last = $"{e.StatusCode}: {e.Status.Detail}";
            }

            // A poll interval for a process starting up, not a wait on a race.
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new InvalidOperationException($"{Name} did not serve within {bound.TotalSeconds:0} s (health: {last}):{Environment.NewLine}{LastOutput}");
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
            while (_lastLines.Count > KeptLines)
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

    /// <summary>The probed port was taken between the probe and the node's bind (other tests start processes too).</summary>
    private sealed class PortTakenException(string message) : InvalidOperationException(message);
}
