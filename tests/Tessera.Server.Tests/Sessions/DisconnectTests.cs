using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;

namespace Tessera.Server.Tests.Sessions;

public sealed class DisconnectTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Requirement", Req.EVT_6)]
    public void Advance_NeverWatchedForGrace_TerminatedDisconnected()
    {
        using var harness = new RegistryHarness(o => o.DisconnectGrace = Grace);
        var session = harness.StartOk();

        harness.Advance(Grace - TimeSpan.FromTicks(1));
        var before = harness.Registry.Get(session.SessionId);
        harness.Advance(TimeSpan.FromTicks(1));
        var after = harness.Registry.Get(session.SessionId);

        Assert.True(before.IsSuccess);
        Assert.Equal(ErrorReasons.SessionTerminated, after.Error?.Reason);
        Assert.Equal(SessionEndReason.Disconnected, after.Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_6)]
    public void Advance_WatcherOpen_NotDisconnected()
    {
        using var harness = new RegistryHarness(o => o.DisconnectGrace = Grace);
        var session = harness.StartOk();
        using var watch = harness.WatchOk(session.SessionId);

        harness.Advance(Grace * 10);

        Assert.True(harness.Registry.Get(session.SessionId).IsSuccess);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_6)]
    public void Advance_LastWatcherLeft_GraceCountsFromLeaving()
    {
        using var harness = new RegistryHarness(o => o.DisconnectGrace = Grace);
        var session = harness.StartOk();
        var first = harness.WatchOk(session.SessionId);
        var second = harness.WatchOk(session.SessionId);
        harness.Advance(TimeSpan.FromMinutes(5));

        first.Dispose();
        harness.Advance(TimeSpan.FromMinutes(5));
        var oneLeft = harness.Registry.Get(session.SessionId);
        second.Dispose();
        harness.Advance(Grace - TimeSpan.FromTicks(1));
        var justBefore = harness.Registry.Get(session.SessionId);
        harness.Advance(TimeSpan.FromTicks(1));
        var after = harness.Registry.Get(session.SessionId);

        Assert.True(oneLeft.IsSuccess);
        Assert.True(justBefore.IsSuccess);
        Assert.Equal(SessionEndReason.Disconnected, after.Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_6)]
    public void Advance_WatcherReturnsWithinGrace_NotDisconnected()
    {
        using var harness = new RegistryHarness(o => o.DisconnectGrace = Grace);
        var session = harness.StartOk();
        harness.Advance(Grace / 2);

        using (harness.WatchOk(session.SessionId))
        {
            harness.Advance(Grace / 2);
        }

        harness.Advance(Grace / 2);
        var stillLive = harness.Registry.Get(session.SessionId);
        harness.Advance(Grace / 2);

        Assert.True(stillLive.IsSuccess);
        Assert.Equal(SessionEndReason.Disconnected, harness.Registry.Get(session.SessionId).Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_6)]
    public void Advance_GraceZero_NeverDisconnected()
    {
        using var harness = new RegistryHarness(o => o.DisconnectGrace = TimeSpan.Zero);
        var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromDays(2)));

        harness.Advance(TimeSpan.FromDays(1));

        Assert.True(harness.Registry.Get(session.SessionId).IsSuccess);
    }
}
