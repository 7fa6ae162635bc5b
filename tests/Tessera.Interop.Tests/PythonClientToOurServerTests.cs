using Tessera.Interop.Tests.OurServer;
using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests;

/// <summary>Python grpcio's client against our server.</summary>
public sealed class PythonClientToOurServerTests(OurServerFixture server) : PeerClientToOurServerTests(Peer.Python, server);
