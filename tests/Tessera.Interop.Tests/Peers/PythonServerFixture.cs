namespace Tessera.Interop.Tests.Peers;

/// <summary>interop/python/server.py (grpcio), once per test class.</summary>
public sealed class PythonServerFixture() : PeerServerFixture(Peer.Python);
