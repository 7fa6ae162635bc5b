using Tessera.Grpc;
using Tessera.Protocol.V1;

namespace Tessera.Server.Hosting;

/// <summary>
/// The method table of tessera.v1.SessionService, written once so the server
/// handlers and any in-repo client bind the same names as session.proto.
/// </summary>
public static class SessionServiceMethods
{
    public const string ServiceName = "tessera.v1.SessionService";

    public static readonly Method<GetServerInfoRequest, GetServerInfoResponse> GetServerInfo = new(MethodType.Unary, ServiceName, "GetServerInfo");
    public static readonly Method<StartSessionRequest, StartSessionResponse> StartSession = new(MethodType.Unary, ServiceName, "StartSession");
    public static readonly Method<GetSessionRequest, GetSessionResponse> GetSession = new(MethodType.Unary, ServiceName, "GetSession");
    public static readonly Method<UpdateSessionTokenRequest, UpdateSessionTokenResponse> UpdateSessionToken = new(MethodType.Unary, ServiceName, "UpdateSessionToken");
    public static readonly Method<EndSessionRequest, EndSessionResponse> EndSession = new(MethodType.Unary, ServiceName, "EndSession");
    public static readonly Method<WatchSessionRequest, WatchSessionResponse> WatchSession = new(MethodType.ServerStreaming, ServiceName, "WatchSession");
}
