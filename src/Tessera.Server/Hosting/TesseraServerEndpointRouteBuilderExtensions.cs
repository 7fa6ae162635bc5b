using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tessera.Protocol.V1;
using Tessera.Server.Options;

namespace Tessera.Server.Hosting;

/// <summary>Maps tessera.v1.SessionService, the test clock when enabled, and grpc.health.v1.</summary>
public static class TesseraServerEndpointRouteBuilderExtensions
{
    /// <summary>Maps the services <c>AddTesseraServer</c> registered; the test clock's only when its option is on.</summary>
    public static IEndpointRouteBuilder MapTesseraServer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<SessionGrpcService>();

        // CLK-1: without the test clock the service is not mapped, so grpc-dotnet
        // answers UNIMPLEMENTED as for any unknown service.
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<TesseraServerOptions>>().Value.TestClockEnabled)
        {
            endpoints.MapGrpcService<TestClockGrpcService>();
        }

        // TRN-8: "" and the session service answer SERVING.
        var health = endpoints.ServiceProvider.GetRequiredService<HealthServiceImpl>();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        health.SetStatus(SessionService.Descriptor.FullName, HealthCheckResponse.Types.ServingStatus.Serving);
        endpoints.MapGrpcService<HealthServiceImpl>();
        return endpoints;
    }
}
