namespace Tessera.Interop.Tests.Peers;

/// <summary>interop/node/server.js (grpc-js), once per test class.</summary>
public sealed class NodeServerFixture() : PeerServerFixture(Peer.Node);
