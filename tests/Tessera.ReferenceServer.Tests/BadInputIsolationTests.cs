using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;
using Tessera.Tokens;

namespace Tessera.ReferenceServer.Tests;

/// <summary>
/// ERR-6: a stream of rejected requests, aimed at a live session's instance and
/// id, leaves that session exactly as it was: same state, same expiry, no event.
/// </summary>
public sealed class BadInputIsolationTests
{
    [Fact]
    [Trait("Requirement", Req.ERR_6)]
    [Trait("Requirement", Req.UPD_1)]
    public async Task RejectedStartsAndUpdates_LiveSession_IsUntouched()
    {
        await using var server = await ServerFixture.StartAsync();
        var live = (await server.StartAsync(await server.TokenAsync("alice", null, "member"), "device-a")).Session;
        var now = await server.NowAsync();
        var good = TokenSpec.ForUser("tessera-dev", "alice", now, TimeSpan.FromMinutes(20), "member");
        using var rsa = MintingKey.GenerateRsa("rsa-1");

        string[] badTokens =
        [
            TokenMinter.Unsigned(good),
            TokenMinter.Unsigned(good, "NoNe"),
            TokenMinter.HmacWithPublicKey(good, rsa, PublicKeyFormat.Pem),
            TokenMinter.TamperSignature(server.Mint(good)),
            server.Mint(good.WithHeader("kid", "../../dev/null")),
            server.Mint(good.WithIssuer("someone-else")),
            server.Mint(good.WithRawClaim("exp", "\"tomorrow\"")),
            server.Mint(good.WithoutClaim("exp")),
            server.Mint(good.WithDuplicateClaim("sub", "\"mallory\"")),
            server.Mint(good.WithIssuedAt(now + TimeSpan.FromHours(1)).WithExpiresAt(now + TimeSpan.FromHours(2))),
            server.Mint(good.WithExpiresAt(now + TimeSpan.FromDays(3))),
            TokenMinter.MintWithLength(good, MintingKey.Hmac(server.Host.Settings.Kid, server.Host.Settings.Hs256Secret), 9000),
            TokenMinter.JweShaped(),
            "%%%.***.!!!",
            string.Empty,
        ];

        foreach (var token in badTokens)
        {
            var start = server.Sessions.StartSessionAsync(new StartSessionRequest { ClientInstanceId = "device-a", Token = token, ProtocolVersion = "tessera.v1" }).ResponseAsync;
            var update = server.Sessions.UpdateSessionTokenAsync(new UpdateSessionTokenRequest { SessionId = live.SessionId, Token = token }).ResponseAsync;
            var startError = await Assert.ThrowsAsync<RpcException>(() => start);
            var updateError = await Assert.ThrowsAsync<RpcException>(() => update);
            Assert.Contains(startError.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.InvalidArgument });
            Assert.Contains(updateError.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.InvalidArgument });
        }

        var after = (await server.GetAsync(live.SessionId)).Session;
        Assert.Equal(SessionState.Active, after.State);
        Assert.Equal(live.ExpiresAt, after.ExpiresAt);
        Assert.Equal(live.Roles, after.Roles);

        // No event was appended: a watcher from the start sees nothing until the session ends.
        using var watch = server.Sessions.WatchSession(new WatchSessionRequest { SessionId = live.SessionId });
        await server.Sessions.EndSessionAsync(new EndSessionRequest { SessionId = live.SessionId });
        Assert.True(await watch.ResponseStream.MoveNext());
        Assert.Equal(1UL, watch.ResponseStream.Current.Event.Seq);
        Assert.Equal(SessionEndReason.Ended, watch.ResponseStream.Current.Event.Terminated.Reason);
    }
}
