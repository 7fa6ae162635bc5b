using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests;

/// <summary>Our client against Node grpc-js's server.</summary>
public sealed class OurClientToNodeServerTests(NodeServerFixture server) : OurClientToPeerServerTests<NodeServerFixture>(server);
