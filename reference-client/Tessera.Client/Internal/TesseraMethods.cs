using Tessera.Grpc;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;

namespace Tessera.Client.Internal;

/// <summary>
/// The methods of tessera.v1.SessionService and tessera.testing.v1.TestClockService
/// as session.proto and clock.proto name them. A copy of the server's table on
/// purpose: the client knows the wire contract, not the server's code.
/// </summary>
internal static class TesseraMethods
{
    public const string SessionService = "tessera.v1.SessionService";
    public const string TestClockService = "tessera.testing.v1.TestClockService";

    public static readonly Method<GetServerInfoRequest, GetServerInfoResponse> GetServerInfo = new(MethodType.Unary, SessionService, "GetServerInfo");
    public static readonly Method<StartSessionRequest, StartSessionResponse> StartSession = new(MethodType.Unary, SessionService, "StartSession");
    public static readonly Method<GetSessionRequest, GetSessionResponse> GetSession = new(MethodType.Unary, SessionService, "GetSession");
    public static readonly Method<UpdateSessionTokenRequest, UpdateSessionTokenResponse> UpdateSessionToken = new(MethodType.Unary, SessionService, "UpdateSessionToken");
    public static readonly Method<EndSessionRequest, EndSessionResponse> EndSession = new(MethodType.Unary, SessionService, "EndSession");
    public static readonly Method<WatchSessionRequest, WatchSessionResponse> WatchSession = new(MethodType.ServerStreaming, SessionService, "WatchSession");

    public static readonly Method<GetTimeRequest, GetTimeResponse> GetTime = new(MethodType.Unary, TestClockService, "GetTime");
    public static readonly Method<AdvanceTimeRequest, AdvanceTimeResponse> AdvanceTime = new(MethodType.Unary, TestClockService, "AdvanceTime");
}
