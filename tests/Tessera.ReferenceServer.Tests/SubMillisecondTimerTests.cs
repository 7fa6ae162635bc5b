using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;
using Tessera.Tokens;

namespace Tessera.ReferenceServer.Tests;

public sealed class SubMillisecondTimerTests
{
    /// <summary>
    /// Found by the conformance suite (replay single-session/policy:17540114731172506507:14):
    /// the scheduler rounded delays up to whole milliseconds, so a notice due
    /// 46.875 ms ahead did not fire on an advance of exactly 46.875 ms.
    /// </summary>
    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    [Trait("Requirement", Req.EXP_5)]
    public async Task AdvanceTime_ExactlyToASubMillisecondDueTime_FiresTheTimer()
    {
        await using var server = await ServerFixture.StartAsync(o => o.ExpiringNotice = TimeSpan.FromSeconds(60));
        var now = await server.NowAsync();
        var token = server.Mint(TokenSpec.ForUser("tessera-dev", "alice", now, TimeSpan.FromSeconds(60.046875)));
        var session = (await server.StartAsync(token)).Session;
        using var watch = server.Sessions.WatchSession(new WatchSessionRequest { SessionId = session.SessionId });
        await watch.ResponseHeadersAsync;

        await server.AdvanceAsync(TimeSpan.FromSeconds(0.046875));

        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(SessionEvent.KindOneofCase.TokenExpiring, watch.ResponseStream.Current.Event.KindCase);
    }
}
