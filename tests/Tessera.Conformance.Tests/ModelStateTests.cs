using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests;

public sealed class ModelStateTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static TargetProfile Profile(TimeSpan? grace = null, TimeSpan? disconnect = null) => new()
    {
        Leeway = TimeSpan.FromSeconds(5),
        ExpiryGrace = grace ?? TimeSpan.FromSeconds(30),
        ExpiringNotice = TimeSpan.FromSeconds(60),
        DisconnectGrace = disconnect ?? TimeSpan.Zero,
        TerminatedRetention = TimeSpan.FromMinutes(10),
        MaxTokenLifetime = TimeSpan.FromHours(24),
        Issuers = ["iss"],
    };

    private static ModelSession Start(ModelState model, TimeSpan lifetime) =>
        model.AddSession("id-" + model.Sessions.Count, "i0", new SessionIdentity("iss", "alice", false), [], model.Now + lifetime);

    [Fact]
    public void AdvanceTo_PastEveryDeadline_FiresNoticeExpiryAndGraceEndInOrder()
    {
        var model = new ModelState(Profile(), T0);
        var session = Start(model, TimeSpan.FromMinutes(5));

        model.AdvanceTo(T0 + TimeSpan.FromHours(1));

        Assert.Equal([ModelEventKind.TokenExpiring, ModelEventKind.TokenExpired, ModelEventKind.Terminated], session.Events.Select(e => e.Kind));
        Assert.Equal([1UL, 2UL, 3UL], session.Events.Select(e => e.Seq));
        Assert.Equal(T0 + TimeSpan.FromMinutes(4), session.Events[0].EarliestTime);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(35), session.Events[1].At);
        Assert.Equal(SessionEndReason.TokenExpired, session.EndReason);
        Assert.Equal([Req.EXP_4], session.TerminationIds);
    }

    [Fact]
    public void AdvanceTo_OneTickBeforeExpPlusLeeway_LeavesTheSessionActive()
    {
        var model = new ModelState(Profile(), T0);
        var session = Start(model, TimeSpan.FromMinutes(5));

        model.AdvanceTo(T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5) - Tick);
        Assert.Equal(ModelSessionState.Active, session.State);

        model.AdvanceTo(T0 + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5));
        Assert.Equal(ModelSessionState.Expired, session.State);
    }

    [Fact]
    public void AdvanceTo_WithoutGrace_TerminatesAtExpiryWithoutTokenExpired()
    {
        var model = new ModelState(Profile(grace: TimeSpan.Zero), T0);
        var session = Start(model, TimeSpan.FromMinutes(5));

        model.AdvanceTo(T0 + TimeSpan.FromMinutes(6));

        Assert.Equal([ModelEventKind.TokenExpiring, ModelEventKind.Terminated], session.Events.Select(e => e.Kind));
        Assert.Equal([Req.EXP_1, Req.EXP_4], session.TerminationIds);
    }

    [Fact]
    public void AddSession_InsideTheNoticeWindow_PushesTokenExpiringAtOnce()
    {
        var model = new ModelState(Profile(), T0);
        var session = Start(model, TimeSpan.FromSeconds(30));

        var expiring = Assert.Single(session.Events);
        Assert.Equal(ModelEventKind.TokenExpiring, expiring.Kind);
        Assert.Equal(T0, expiring.EarliestTime);
        Assert.False(expiring.FromTimer);
    }

    [Fact]
    public void ApplyUpdate_OnExpiredSession_RevivesItAndRearmsTheNotice()
    {
        var model = new ModelState(Profile(), T0);
        var session = Start(model, TimeSpan.FromMinutes(2));
        model.AdvanceTo(T0 + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(10));

        model.ApplyUpdate(session, [], model.Now + TimeSpan.FromSeconds(30));

        Assert.Equal(ModelSessionState.Active, session.State);
        Assert.Equal([ModelEventKind.TokenExpiring, ModelEventKind.TokenExpired, ModelEventKind.TokenUpdated, ModelEventKind.TokenExpiring], session.Events.Select(e => e.Kind));
        Assert.Equal(session.Events[2].Group, session.Events[3].Group);
    }

    [Fact]
    public void ApplyUpdate_WithTheSameExp_DoesNotPushASecondNotice()
    {
        var model = new ModelState(Profile(), T0);
        var session = Start(model, TimeSpan.FromSeconds(30));

        model.ApplyUpdate(session, [], session.ExpiresAt);

        Assert.Equal([ModelEventKind.TokenExpiring, ModelEventKind.TokenUpdated], session.Events.Select(e => e.Kind));
    }

    [Fact]
    public void AdvanceTo_DisconnectGraceWithoutWatcher_TerminatesDisconnected()
    {
        var model = new ModelState(Profile(disconnect: TimeSpan.FromSeconds(100)), T0);
        var session = Start(model, TimeSpan.FromHours(1));
        var watcher = model.AddWatcher(session, 0);
        model.AdvanceTo(T0 + TimeSpan.FromSeconds(500));
        Assert.True(session.IsLive);

        model.DropWatcher(watcher);
        model.AdvanceTo(T0 + TimeSpan.FromSeconds(600));

        Assert.Equal(SessionEndReason.Disconnected, session.EndReason);
        Assert.Equal(T0 + TimeSpan.FromSeconds(600), session.TerminatedAt);
    }

    [Fact]
    public void AdvanceTo_TwoTimersOfOneSessionOnOneInstant_MarksTheModelAmbiguous()
    {
        // Notice at exp - 60 s = 100 s, disconnect at 100 s: SPEC.md does not order them.
        var model = new ModelState(Profile(disconnect: TimeSpan.FromSeconds(100)), T0);
        Start(model, TimeSpan.FromSeconds(160));

        model.AdvanceTo(T0 + TimeSpan.FromSeconds(200));

        Assert.NotNull(model.Ambiguity);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(-5, "TOKEN_EXPIRED")]
    [InlineData(-6, "TOKEN_EXPIRED")]
    [InlineData(-4, null)]
    public void CheckToken_ExpAroundNowMinusLeeway_ExpiresExactlyAtTheBoundary(int expSeconds, string? reason)
    {
        var model = new ModelState(Profile(), T0);
        var token = new TokenFacts { Issuer = "iss", Subject = "alice", IssuedAt = T0 - TimeSpan.FromHours(1), ExpiresAt = T0 + TimeSpan.FromSeconds(expSeconds) };

        var failures = model.CheckToken(token);

        Assert.Equal(reason, failures.FirstOrDefault()?.Reason);
    }

    [Fact]
    public void CheckToken_SeveralProblems_ListsThemInErr4Order()
    {
        var model = new ModelState(Profile(), T0);
        var token = new TokenFacts
        {
            Issuer = "other",
            Subject = "alice",
            IssuedAt = T0 + TimeSpan.FromMinutes(10),
            ExpiresAt = T0 - TimeSpan.FromMinutes(1),
            NotBefore = T0 + TimeSpan.FromMinutes(10),
        };

        var reasons = model.CheckToken(token).Select(f => f.Reason).ToList();

        Assert.Equal(["TOKEN_INVALID", "TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_NOT_YET_VALID"], reasons);
    }

    [Fact]
    public void LiveSessionOn_IssuerAndInstance_IgnoresTerminatedAndOtherIssuers()
    {
        var model = new ModelState(Profile(), T0);
        var alice = Start(model, TimeSpan.FromHours(1));
        model.AddSession("guest", "i0", new SessionIdentity("guests", "g", true), [], T0 + TimeSpan.FromHours(1));

        Assert.Same(alice, model.LiveSessionOn("iss", "i0"));
        model.Terminate(alice, SessionEndReason.Ended, [Req.END_1]);
        Assert.Null(model.LiveSessionOn("iss", "i0"));
        Assert.NotNull(model.LiveSessionOn("guests", "i0"));
    }
}
