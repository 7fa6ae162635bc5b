using Tessera.Grpc;
using Tessera.Protocol.Testing.V1;

namespace Tessera.Server.Hosting;

/// <summary>The method table of tessera.testing.v1.TestClockService (CLK).</summary>
public static class TestClockMethods
{
    public const string ServiceName = "tessera.testing.v1.TestClockService";

    public static readonly Method<GetTimeRequest, GetTimeResponse> GetTime = new(MethodType.Unary, ServiceName, "GetTime");
    public static readonly Method<AdvanceTimeRequest, AdvanceTimeResponse> AdvanceTime = new(MethodType.Unary, ServiceName, "AdvanceTime");
}
