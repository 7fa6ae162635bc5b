using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Tessera.Server.Redis.Tests;

/// <summary>
/// A redis-server child process of the test run, never the system service:
/// <c>redis-server --port P --save "" --appendonly no</c> on a free loopback port
/// (or with an fsynced append-only file, to survive a kill). It can be stopped and
/// started again on the same port (the fail-closed tests).
/// </summary>
public sealed class RedisTestServer : IDisposable
{
    private static readonly Lazy<RedisTestServer> SharedServer = new(() =>
    {
        var server = new RedisTestServer();
        // xUnit 2 has no assembly fixture: the shared server ends with the test process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });
    private readonly Lock _gate = new();
    // Linux signal numbers (the tests run on Linux, as redis-server does here).
    private const int SigCont = 18;
    private const int SigStop = 19;
    private readonly string? _appendOnlyDirectory;
    private Process? _process;

    static RedisTestServer()
    {
        // As the reference server does with this store: synchronous store calls hold pool
        // threads while Redis answers, and xUnit runs test classes in parallel on 2 cores.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 200), io);
    }

    public RedisTestServer()
        : this(null)
    {
    }

    /// <param name="appendOnlyDirectory">
    /// When set, the server keeps an append-only file there, fsynced before every reply
    /// (<c>--appendonly yes --appendfsync always</c>): a killed and restarted server then
    /// still has every write it acknowledged (the Redis-stop test reads them back).
    /// </param>
    public RedisTestServer(string? appendOnlyDirectory)
    {
        _appendOnlyDirectory = appendOnlyDirectory;
        Port = FreePort();
        Start();
        Connection = ConnectionMultiplexer.Connect(Configuration());
    }

    /// <summary>One server for the contract tests of the whole run; each store takes its own key prefix.</summary>
    public static RedisTestServer Shared => SharedServer.Value;

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public ConnectionMultiplexer Connection { get; }

    /// <summary>Reconnects by itself and fails fast while the server is down, as the reference server's connection does.</summary>
    public ConfigurationOptions Configuration()
    {
        var options = ConfigurationOptions.Parse(Endpoint);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        return options;
    }

    public void Start()
    {
        lock (_gate)
        {
            if (_process is not null)
            {
                return;
            }

            var info = new ProcessStartInfo("redis-server")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            string[] persistence = _appendOnlyDirectory is null
                ? ["--appendonly", "no"]
                : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _appendOnlyDirectory];
            foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "" }.Concat(persistence))
            {
                info.ArgumentList.Add(argument);
            }

            _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            WaitUntilListening();
        }
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_process is null)
            {
                return;
            }

            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
            _process = null;
        }
    }

    /// <summary>SIGSTOP: the server hangs, its connections stay open and nothing answers (a stalled machine).</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT after <see cref="Pause"/>: the server goes on with what it had, and answers what queued meanwhile.</summary>
    public void Resume() => Signal(SigCont);

    public void Dispose()
    {
        Connection.Dispose();
        Stop();
    }

    private void WaitUntilListening()
    {
        // Readiness, not timing: poll until the port accepts, bounded so a broken install fails the test.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && _process is { HasExited: false })
            {
                Thread.Sleep(20);
            }
        }
    }

    private void Signal(int signal)
    {
        lock (_gate)
        {
            // .NET sends no chosen signal to another process, so kill(2) itself.
            if (_process is null || Kill(_process.Id, signal) != 0)
            {
                throw new InvalidOperationException($"could not send signal {signal} to redis-server");
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
