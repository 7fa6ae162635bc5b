using System.Net;
using System.Net.Sockets;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a server, so a test can cut every
/// connection at once, the way a crashed server or a dropped network would.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly List<TcpClient> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpRelay(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Resets every relayed connection (RST, no GOAWAY).</summary>
    public void CutAll()
    {
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Client.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }
            _sockets.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var outbound = new TcpClient();
            await outbound.ConnectAsync(_target.Host, _target.Port);
            lock (_sockets)
            {
                _sockets.Add(inbound);
                _sockets.Add(outbound);
            }
            _ = PumpAsync(inbound.GetStream(), outbound.GetStream());
            _ = PumpAsync(outbound.GetStream(), inbound.GetStream());
        }
    }

    private static async Task PumpAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The relay was cut.
        }
    }
}
