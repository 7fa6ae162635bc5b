using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Grpc.Tests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Tessera.Grpc.Tests.Server;

/// <summary>grpc.health.v1.Health (TRN-8).</summary>
public sealed class HealthServiceTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Check"));

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Watch =
        Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(HealthReflection.Descriptor.Services[0].FindMethodByName("Watch"));

    private GrpcHealthService Health => server.Host.Services.GetRequiredService<GrpcHealthService>();

    [Fact]
    public async Task Check_WholeServer_ServingByDefault()
    {
        var response = await server.Channel.CallUnary(Check, new HealthCheckRequest());

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        using var call = server.Channel.CallUnary(Check, new HealthCheckRequest { Service = "no.such.Service" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Check_ServiceSetByApplication_ReportsItsStatus()
    {
        Health.SetStatus("tessera.test.v1.EchoService", ServingStatus.NotServing);

        var response = await server.Channel.CallUnary(Check, new HealthCheckRequest { Service = "tessera.test.v1.EchoService" });

        Assert.Equal(ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Watch_StatusChanges_StreamsCurrentThenEachChange()
    {
        const string service = "watched.Service";
        using var call = server.Channel.CallServerStreaming(Watch, new HealthCheckRequest { Service = service });

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);
        Health.SetStatus(service, ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
        Health.SetStatus(service, ServingStatus.NotServing);
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.NotServing, call.ResponseStream.Current.Status);
        Assert.True(Health.ClearStatus(service));
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Equal(ServingStatus.ServiceUnknown, call.ResponseStream.Current.Status);
    }
}
