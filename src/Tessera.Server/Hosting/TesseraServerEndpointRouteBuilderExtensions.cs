using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Grpc;

namespace Tessera.Server.Hosting;

/// <summary>Maps tessera.v1.SessionService, the test clock when enabled, health, and the UNIMPLEMENTED fallback.</summary>
public static class TesseraServerEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapTesseraServer(this IEndpointRouteBuilder endpoints)
    {
        var sessions = endpoints.ServiceProvider.GetRequiredService<SessionServiceHandlers>();
        endpoints.MapGrpcUnary(SessionServiceMethods.GetServerInfo, sessions.GetServerInfo);
        endpoints.MapGrpcUnary(SessionServiceMethods.StartSession, sessions.StartSession);
        endpoints.MapGrpcUnary(SessionServiceMethods.GetSession, sessions.GetSession);
        endpoints.MapGrpcUnary(SessionServiceMethods.UpdateSessionToken, sessions.UpdateSessionToken);
        endpoints.MapGrpcUnary(SessionServiceMethods.EndSession, sessions.EndSession);
        endpoints.MapGrpcServerStreaming(SessionServiceMethods.WatchSession, sessions.WatchSession);

        // CLK-1: without the test clock these routes do not exist, so the
        // fallback answers UNIMPLEMENTED like any unknown method.
        var clock = endpoints.ServiceProvider.GetService<TestClockHandlers>();
        if (clock is not null)
        {
            endpoints.MapGrpcUnary(TestClockMethods.GetTime, clock.GetTime);
            endpoints.MapGrpcUnary(TestClockMethods.AdvanceTime, clock.AdvanceTime);
        }

        // TRN-8.
        endpoints.ServiceProvider.GetRequiredService<GrpcHealthService>().SetStatus(SessionServiceMethods.ServiceName, global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving);
        endpoints.MapGrpcHealth();
        endpoints.MapGrpcFallback();
        return endpoints;
    }
}
