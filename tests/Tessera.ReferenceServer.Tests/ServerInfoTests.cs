using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;

namespace Tessera.ReferenceServer.Tests;

public sealed class ServerInfoTests
{
    [Fact]
    [Trait("Requirement", Req.INF_1)]
    [Trait("Requirement", Req.INF_2)]
    [Trait("Requirement", Req.INF_3)]
    public async Task GetServerInfo_ConfiguredValues_AreReportedWithoutCredential()
    {
        await using var server = await ServerFixture.StartAsync(o =>
        {
            o.ExpiryGrace = TimeSpan.FromSeconds(7);
            o.ExpiringNotice = TimeSpan.FromSeconds(11);
            o.DisconnectGrace = TimeSpan.FromSeconds(13);
            o.TerminatedRetention = TimeSpan.FromMinutes(3);
            o.SingleSessionPolicy = SingleSessionPolicy.Reject;
            o.SchemaHash = "schema-42";
        });

        var info = await server.Sessions.GetServerInfoAsync(new GetServerInfoRequest());

        Assert.Contains("tessera.v1", info.ProtocolVersions);
        Assert.Equal(SingleSessionPolicy.Reject, info.SingleSessionPolicy);
        Assert.Equal(TimeSpan.FromSeconds(7), info.ExpiryGrace.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(11), info.ExpiringNotice.ToTimeSpan());
        Assert.Equal(TimeSpan.FromSeconds(13), info.DisconnectGrace.ToTimeSpan());
        Assert.Equal(TimeSpan.FromMinutes(3), info.TerminatedRetention.ToTimeSpan());
        Assert.Equal(server.Host.Settings.Tokens.ClockSkewLeeway, info.ClockSkewLeeway.ToTimeSpan());
        Assert.True(info.ClockSkewLeeway.ToTimeSpan() <= TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromHours(24), info.MaxTokenLifetime.ToTimeSpan());
        Assert.Equal(["HS256"], info.AcceptedAlgorithms);
        Assert.Equal(["tessera-dev"], info.Issuers);
        Assert.Equal("schema-42", info.SchemaHash);
        Assert.True(info.TestClockEnabled);
        Assert.True(info.GuestSessionsEnabled);
        Assert.Equal(8192, info.MaxTokenBytes);
        Assert.True(info.EventReplayCapacity >= 8);
        Assert.Equal(await server.NowAsync(), info.ServerTime.ToDateTimeOffset());
    }

    [Fact]
    [Trait("Requirement", Req.TRN_8)]
    public async Task HealthCheck_SessionService_IsServing()
    {
        await using var server = await ServerFixture.StartAsync();
        var health = new global::Grpc.Health.V1.Health.HealthClient(server.Channel);

        var session = await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest { Service = "tessera.v1.SessionService" });
        var overall = await health.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest { Service = "" });

        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, session.Status);
        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
    }
}
