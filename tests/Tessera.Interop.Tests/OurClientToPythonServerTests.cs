using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests;

/// <summary>Our client against Python grpcio's server.</summary>
public sealed class OurClientToPythonServerTests(PythonServerFixture server) : OurClientToPeerServerTests<PythonServerFixture>(server);
