namespace Tessera.Interop.Tests.Peers;

/// <summary>The Python and the Node server, once per test class.</summary>
public sealed class BothPeerServersFixture : IAsyncLifetime
{
    private PeerProcess? _python;
    private PeerProcess? _node;

    internal PeerProcess Python => _python ?? throw new InvalidOperationException("The fixture was not initialized.");

    internal PeerProcess Node => _node ?? throw new InvalidOperationException("The fixture was not initialized.");

    public async Task InitializeAsync()
    {
        _python = await PeerProcess.StartServerAsync(Peer.Python);
        _node = await PeerProcess.StartServerAsync(Peer.Node);
    }

    public async Task DisposeAsync()
    {
        if (_python is not null)
        {
            await _python.DisposeAsync();
        }
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
