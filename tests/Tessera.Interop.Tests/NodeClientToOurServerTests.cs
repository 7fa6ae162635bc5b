using Tessera.Interop.Tests.OurServer;
using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests;

/// <summary>Node grpc-js's client against our server.</summary>
public sealed class NodeClientToOurServerTests(OurServerFixture server) : PeerClientToOurServerTests(Peer.Node, server);
