using Tessera.Grpc;

namespace Tessera.Interop.Tests.Peers;

/// <summary>
/// One peer server process for a whole test class, and our channel to it.
/// A peer that cannot start fails every test of the class with its output.
/// </summary>
public abstract class PeerServerFixture : IAsyncLifetime
{
    private readonly Peer _peer;
    private PeerProcess? _server;
    private GrpcChannel? _channel;

    private protected PeerServerFixture(Peer peer)
    {
        _peer = peer;
    }

    internal Peer Peer => _peer;

    /// <summary>The running server.</summary>
    internal PeerProcess Server => _server ?? throw new InvalidOperationException("The fixture was not initialized.");

    /// <summary>Our channel to the server, with default options.</summary>
    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("The fixture was not initialized.");

    /// <summary>The server address for a new channel: <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Address => new("http://" + Server.Target);

    public async Task InitializeAsync()
    {
        _server = await PeerProcess.StartServerAsync(_peer);
        _channel = GrpcChannel.ForAddress(Address);
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
