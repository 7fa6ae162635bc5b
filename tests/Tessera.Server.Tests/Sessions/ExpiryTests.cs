using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

public sealed class ExpiryTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    [Fact]
    [Trait("Requirement", Req.EXP_1)]
    public void Advance_ToExpPlusLeeway_SessionLeavesActiveWithoutAnyCall()
    {
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.Zero, leeway: TimeSpan.FromSeconds(5));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));

        // No call touches the session: only the clock moves. The observer sees the timer act.
        harness.Advance(Lifetime + TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        var terminatedBefore = harness.Observer.Count(SessionTransitionKind.Terminated);
        harness.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(0, terminatedBefore);
        var terminated = Assert.Single(harness.Observer.Transitions, t => t.Kind == SessionTransitionKind.Terminated);
        Assert.Equal(session.SessionId, terminated.Session.SessionId);
        Assert.Equal(SessionEndReason.TokenExpired, terminated.Session.EndReason);
        Assert.Equal(session.ExpiresAt.AddSeconds(5), terminated.Session.TerminatedAt);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_1)]
    public void Get_OneTickBeforeExpPlusLeeway_StillActive()
    {
        using var harness = new RegistryHarness(leeway: TimeSpan.FromSeconds(5));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));

        harness.Advance(Lifetime + TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));

        Assert.Equal(SessionState.Active, harness.Registry.Get(session.SessionId).Value?.State);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_2)]
    [Trait("Requirement", Req.EXP_3)]
    public void Advance_ToExpWithGrace_ExpiredStateAndTokenExpiredEvent()
    {
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.FromSeconds(30), leeway: TimeSpan.FromSeconds(5));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        using var watch = harness.WatchOk(session.SessionId);

        harness.Advance(Lifetime + TimeSpan.FromSeconds(5));

        var events = RegistryHarness.ReadReady(watch);
        var expired = Assert.Single(events, e => e.KindCase == SessionEvent.KindOneofCase.TokenExpired);
        Assert.Equal(session.ExpiresAt.AddSeconds(35), expired.TokenExpired.TerminatesAt.ToDateTimeOffset());
        Assert.Equal(session.ExpiresAt.AddSeconds(5), expired.Time.ToDateTimeOffset());
        var get = harness.Registry.Get(session.SessionId);
        Assert.Equal(ErrorReasons.TokenExpired, get.Error?.Reason);
        Assert.False(watch.IsCompleted);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_3)]
    public void Watch_WhileExpired_Served()
    {
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.FromSeconds(30));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        harness.Advance(Lifetime);

        var watch = harness.Registry.Watch(session.SessionId, 0);

        Assert.True(watch.IsSuccess);
        Assert.Contains(RegistryHarness.ReadReady(watch.Value!), e => e.KindCase == SessionEvent.KindOneofCase.TokenExpired);
        watch.Value!.Dispose();
    }

    [Fact]
    [Trait("Requirement", Req.EXP_4)]
    public void Advance_PastExpiryGrace_TerminatedTokenExpired()
    {
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.FromSeconds(30));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        using var watch = harness.WatchOk(session.SessionId);

        harness.Advance(Lifetime + TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        var beforeGraceEnd = harness.Registry.Get(session.SessionId).Error?.Reason;
        harness.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(ErrorReasons.TokenExpired, beforeGraceEnd);
        var get = harness.Registry.Get(session.SessionId);
        Assert.Equal(ErrorReasons.SessionTerminated, get.Error?.Reason);
        Assert.Equal(SessionEndReason.TokenExpired, get.Error?.EndReason);
        var events = RegistryHarness.ReadReady(watch);
        Assert.Equal(SessionEndReason.TokenExpired, events[^1].Terminated.Reason);
        Assert.Equal(session.ExpiresAt.AddSeconds(30), events[^1].Time.ToDateTimeOffset());
        Assert.True(watch.IsCompleted);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_4)]
    public void Advance_ToExpWithGraceZero_TerminatedWithoutTokenExpiredEvent()
    {
        using var harness = new RegistryHarness(o =>
        {
            o.ExpiryGrace = TimeSpan.Zero;
            o.ExpiringNotice = TimeSpan.Zero;
        });
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        using var watch = harness.WatchOk(session.SessionId);

        harness.Advance(Lifetime);

        var events = RegistryHarness.ReadReady(watch);
        var only = Assert.Single(events);
        Assert.Equal(SessionEndReason.TokenExpired, only.Terminated.Reason);
        Assert.Equal(1UL, only.Seq);
    }

    [Fact]
    [Trait("Requirement", Req.UPD_5)]
    [Trait("Requirement", Req.EXP_2)]
    public void Update_WhileExpired_RevivesAndCancelsTermination()
    {
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.FromSeconds(30));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        using var watch = harness.WatchOk(session.SessionId);
        harness.Advance(Lifetime + TimeSpan.FromSeconds(10));

        var updated = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token(lifetime: Lifetime)));
        harness.Advance(TimeSpan.FromSeconds(60));

        Assert.True(updated.IsSuccess);
        Assert.Equal(SessionState.Active, updated.Value!.State);
        Assert.Equal(SessionState.Active, harness.Registry.Get(session.SessionId).Value?.State);
        Assert.Equal(
            [SessionEvent.KindOneofCase.TokenExpiring, SessionEvent.KindOneofCase.TokenExpired, SessionEvent.KindOneofCase.TokenUpdated],
            RegistryHarness.Kinds(RegistryHarness.ReadReady(watch)));
        Assert.Equal(1, harness.Observer.Count(SessionTransitionKind.Revived));
    }

    [Fact]
    [Trait("Requirement", Req.UPD_5)]
    [Trait("Requirement", Req.EXP_1)]
    public void Update_LaterExp_ExpiryMovesToNewExp()
    {
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.Zero);
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        harness.Advance(TimeSpan.FromMinutes(5));
        var newToken = harness.Token(lifetime: Lifetime);
        harness.Registry.Update(session.SessionId, RegistryHarness.Valid(newToken));

        harness.Advance(TimeSpan.FromMinutes(5));
        var atOldExp = harness.Registry.Get(session.SessionId);
        harness.Advance(TimeSpan.FromMinutes(5));
        var atNewExp = harness.Registry.Get(session.SessionId);

        Assert.True(atOldExp.IsSuccess);
        Assert.Equal(SessionEndReason.TokenExpired, atNewExp.Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_5)]
    public void Advance_ToExpMinusNotice_TokenExpiringPushedOnce()
    {
        using var harness = new RegistryHarness(o => o.ExpiringNotice = TimeSpan.FromSeconds(60));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        using var watch = harness.WatchOk(session.SessionId);

        harness.Advance(Lifetime - TimeSpan.FromSeconds(60) - TimeSpan.FromTicks(1));
        var early = RegistryHarness.ReadReady(watch);
        harness.Advance(TimeSpan.FromTicks(1));
        var atNotice = RegistryHarness.ReadReady(watch);

        Assert.Empty(early);
        var notice = Assert.Single(atNotice);
        Assert.Equal(session.ExpiresAt, notice.TokenExpiring.ExpiresAt.ToDateTimeOffset());
        Assert.Equal(session.ExpiresAt.AddSeconds(-60), notice.Time.ToDateTimeOffset());
    }

    [Fact]
    [Trait("Requirement", Req.EXP_5)]
    public void Start_InsideNoticeWindow_TokenExpiringAtOnceAsFirstEvent()
    {
        using var harness = new RegistryHarness(o => o.ExpiringNotice = TimeSpan.FromSeconds(60));

        var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromSeconds(30)));

        var events = harness.History(session.SessionId);
        var notice = Assert.Single(events);
        Assert.Equal(1UL, notice.Seq);
        Assert.Equal(harness.Now, notice.Time.ToDateTimeOffset());
        Assert.Equal(session.ExpiresAt, notice.TokenExpiring.ExpiresAt.ToDateTimeOffset());
        Assert.Equal(1UL, session.LastEventSeq);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_5)]
    public void Update_EqualExpAfterNotice_NoSecondTokenExpiring()
    {
        using var harness = new RegistryHarness(o => o.ExpiringNotice = TimeSpan.FromSeconds(60));
        var token = harness.Token(lifetime: Lifetime);
        var session = harness.StartOk(token);
        harness.Advance(Lifetime - TimeSpan.FromSeconds(30));

        harness.Registry.Update(session.SessionId, RegistryHarness.Valid(token with { IssuedAt = harness.Now }));
        harness.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [SessionEvent.KindOneofCase.TokenExpiring, SessionEvent.KindOneofCase.TokenUpdated],
            RegistryHarness.Kinds(harness.History(session.SessionId)));
    }

    [Fact]
    [Trait("Requirement", Req.EXP_5)]
    [Trait("Requirement", Req.UPD_5)]
    public void Update_LaterExpInsideNoticeWindow_NewTokenExpiringAtOnce()
    {
        using var harness = new RegistryHarness(o => o.ExpiringNotice = TimeSpan.FromSeconds(60));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        harness.Advance(Lifetime - TimeSpan.FromSeconds(30));

        var later = harness.Token(lifetime: TimeSpan.FromSeconds(50));
        harness.Registry.Update(session.SessionId, RegistryHarness.Valid(later));

        var events = harness.History(session.SessionId);
        Assert.Equal(
            [SessionEvent.KindOneofCase.TokenExpiring, SessionEvent.KindOneofCase.TokenUpdated, SessionEvent.KindOneofCase.TokenExpiring],
            RegistryHarness.Kinds(events));
        Assert.Equal(later.ExpiresAt, events[2].TokenExpiring.ExpiresAt.ToDateTimeOffset());
    }

    [Fact]
    [Trait("Requirement", Req.EXP_5)]
    [Trait("Requirement", Req.UPD_5)]
    public void Update_LaterExpOutsideNoticeWindow_NewTokenExpiringDueAtNewExpMinusNotice()
    {
        using var harness = new RegistryHarness(o => o.ExpiringNotice = TimeSpan.FromSeconds(60));
        var session = harness.StartOk(harness.Token(lifetime: Lifetime));
        harness.Advance(Lifetime - TimeSpan.FromSeconds(30));
        var later = harness.Token(lifetime: Lifetime);
        harness.Registry.Update(session.SessionId, RegistryHarness.Valid(later));

        harness.Advance(Lifetime);

        var notices = harness.History(session.SessionId).Where(e => e.KindCase == SessionEvent.KindOneofCase.TokenExpiring).ToList();
        Assert.Equal(2, notices.Count);
        Assert.Equal(later.ExpiresAt.AddSeconds(-60), notices[1].Time.ToDateTimeOffset());
    }

    [Fact]
    [Trait("Requirement", Req.EXP_5)]
    public void Start_NoticeZero_NoTokenExpiringEver()
    {
        using var harness = new RegistryHarness(o =>
        {
            o.ExpiringNotice = TimeSpan.Zero;
            o.ExpiryGrace = TimeSpan.FromSeconds(30);
        });
        var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromSeconds(5)));

        harness.Advance(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(harness.History(session.SessionId), e => e.KindCase == SessionEvent.KindOneofCase.TokenExpiring);
    }
}
