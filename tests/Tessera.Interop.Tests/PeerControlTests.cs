using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests;

/// <summary>
/// The peers against each other, without our transport: proves the cases and
/// the peer programs are sound, so a case that fails only against our
/// transport points at our transport.
/// </summary>
public sealed class PeerControlTests(BothPeerServersFixture servers) : IClassFixture<BothPeerServersFixture>
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PythonClient_ToNodeServer_EveryCasePasses()
    {
        var run = await PeerProcess.RunClientAsync(Peer.Python, [servers.Node.Target], ClientTimeout);
        AssertEveryCasePassed(run);
    }

    [Fact]
    public async Task NodeClient_ToPythonServer_EveryCasePasses()
    {
        var run = await PeerProcess.RunClientAsync(Peer.Node, [servers.Python.Target], ClientTimeout);
        AssertEveryCasePassed(run);
    }

    private static void AssertEveryCasePassed(PeerRun run)
    {
        foreach (var name in PeerCase.All)
        {
            run.AssertCasePassed(name);
        }
    }
}
