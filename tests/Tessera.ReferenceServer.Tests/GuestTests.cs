using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;
using Tessera.Server.Hosting;

namespace Tessera.ReferenceServer.Tests;

public sealed class GuestTests
{
    [Fact]
    [Trait("Requirement", Req.SES_5)]
    public async Task StartSession_GuestWhenDisabled_IsGuestDisabled()
    {
        await using var server = await ServerFixture.StartAsync(o => o.GuestSessionsEnabled = false);
        var call = server.Sessions.StartSessionAsync(new StartSessionRequest
        {
            ClientInstanceId = "kiosk",
            Guest = new GuestCredential { UserId = "visitor" },
            ProtocolVersion = "tessera.v1",
        }).ResponseAsync;

        await ErrorAssert.FailsWith(call, StatusCode.PermissionDenied, "GUEST_DISABLED", "NONE");
    }

    [Fact]
    [Trait("Requirement", Req.SES_5)]
    [Trait("Requirement", Req.EXP_4)]
    public async Task StartSession_GuestWhenEnabled_StartsAndStillExpires()
    {
        await using var server = await ServerFixture.StartAsync(o =>
        {
            o.GuestSessionsEnabled = true;
            o.GuestSessionLifetime = TimeSpan.FromMinutes(30);
        });
        var now = await server.NowAsync();

        var session = (await server.Sessions.StartSessionAsync(new StartSessionRequest
        {
            ClientInstanceId = "kiosk",
            Guest = new GuestCredential { UserId = "visitor" },
            ProtocolVersion = "tessera.v1",
        })).Session;

        Assert.True(session.Guest);
        Assert.Empty(session.Roles);
        Assert.Equal(now + TimeSpan.FromMinutes(30), session.ExpiresAt.ToDateTimeOffset());
        // Past exp + leeway + the 30 s grace, inside the 10 min retention.
        await server.AdvanceAsync(TimeSpan.FromMinutes(31));
        await ErrorAssert.FailsWith(server.GetAsync(session.SessionId), StatusCode.FailedPrecondition, "SESSION_TERMINATED");
    }
}
