using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using Tessera.Bench.Cli;
using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Cluster;

/// <summary>
/// A redis-server child of the bench on a free loopback port, with no persistence
/// (nothing saved or read from disk), as scripts/cluster.sh starts it; pinned to the
/// server core with the nodes, so a cluster gets the same one core the in-memory node
/// gets. A fresh one per figure, so used_memory starts from an empty server.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port, ConnectionMultiplexer connection)
    {
        _process = process;
        Port = port;
        Connection = connection;
    }

    public int Port { get; }

    /// <summary>host:port, as <c>serve --redis</c> and <c>--Tessera:Store:Redis</c> take it.</summary>
    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bench's own connection, for INFO and for reading what the nodes stored.</summary>
    public ConnectionMultiplexer Connection { get; }

    public static RedisServer Start(BenchContext context)
    {
        if (PathLookup.Find("redis-server") is null)
        {
            throw new BenchFailedException("redis-server is not installed (Debian: redis-server; scripts/install-deps.sh installs it).");
        }

        var port = FreePort();
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new List<string> { "redis-server", "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no" };
        if (context.Cores.ServerCore is { } core)
        {
            info.FileName = "taskset";
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(core.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            info.FileName = arguments[0];
            arguments.RemoveAt(0);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new BenchFailedException("could not start redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            WaitUntilListening(process, port);
            return new RedisServer(process, port, ConnectionMultiplexer.Connect(IPAddress.Loopback + ":" + port.ToString(CultureInfo.InvariantCulture) + ",allowAdmin=true"));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary><c>INFO memory</c>'s used_memory: bytes Redis's allocator holds for data and its own structures.</summary>
    public long UsedMemory()
    {
        var server = Connection.GetServer(Connection.GetEndPoints()[0]);
        var memory = server.Info("memory").SelectMany(group => group).FirstOrDefault(pair => pair.Key == "used_memory");
        return long.TryParse(memory.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : throw new BenchFailedException("INFO memory has no used_memory");
    }

    public void Dispose()
    {
        Connection.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void WaitUntilListening(Process process, int port)
    {
        // Readiness, bounded: a broken install fails the figure instead of hanging it.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                Thread.Sleep(20);
            }
            catch (SocketException)
            {
                throw new BenchFailedException($"redis-server did not listen on port {port} within 30 s (exited: {process.HasExited})");
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
