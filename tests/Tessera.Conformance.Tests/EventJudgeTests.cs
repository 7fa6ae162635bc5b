using Google.Protobuf.WellKnownTypes;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests;

public sealed class EventJudgeTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static (ModelState Model, ModelSession Session) Session()
    {
        var profile = new TargetProfile { Leeway = TimeSpan.Zero, ExpiryGrace = TimeSpan.FromSeconds(30), ExpiringNotice = TimeSpan.FromSeconds(60), Issuers = ["iss"] };
        var model = new ModelState(profile, T0);
        var session = model.AddSession("id", "i0", new SessionIdentity("iss", "alice", false), [], T0 + TimeSpan.FromSeconds(30));
        return (model, session);
    }

    private static SessionEvent Updated(ulong seq, DateTimeOffset at, DateTimeOffset time) =>
        new() { Seq = seq, Time = Timestamp.FromDateTimeOffset(time), TokenUpdated = new TokenUpdated { ExpiresAt = Timestamp.FromDateTimeOffset(at) } };

    private static SessionEvent Expiring(ulong seq, DateTimeOffset at, DateTimeOffset time) =>
        new() { Seq = seq, Time = Timestamp.FromDateTimeOffset(time), TokenExpiring = new TokenExpiring { ExpiresAt = Timestamp.FromDateTimeOffset(at) } };

    private static SessionEvent Terminated(ulong seq, SessionEndReason reason, DateTimeOffset time) =>
        new() { Seq = seq, Time = Timestamp.FromDateTimeOffset(time), Terminated = new SessionTerminated { Reason = reason } };

    [Fact]
    public void Compare_UpdatedAndExpiringOfOneCallInEitherOrder_Passes()
    {
        var (model, session) = Session();
        var watcher = model.AddWatcher(session, 1);
        var exp = T0 + TimeSpan.FromSeconds(40);
        model.ApplyUpdate(session, [], exp);
        var findings = new List<Finding>();

        var ok = EventJudge.Compare(watcher, [Expiring(2, exp, T0), Updated(3, exp, T0)], 1, TimeSpan.Zero, TimeSpan.Zero, findings);

        Assert.True(ok, string.Join("; ", findings));
    }

    [Fact]
    public void Compare_ReplayRepeatsTheResumePoint_NamesEvt4()
    {
        var (model, session) = Session();
        model.ApplyUpdate(session, [], T0 + TimeSpan.FromSeconds(40));
        var watcher = model.AddWatcher(session, 1);
        var findings = new List<Finding>();

        EventJudge.Compare(watcher, [Expiring(1, T0 + TimeSpan.FromSeconds(30), T0)], 2, TimeSpan.Zero, TimeSpan.Zero, findings);

        Assert.Equal(Req.EVT_4, Assert.Single(findings).Ids[0]);
    }

    [Fact]
    public void Compare_EventAfterTerminated_NamesEvt3()
    {
        var (model, session) = Session();
        model.Terminate(session, SessionEndReason.Ended, [Req.END_1]);
        var watcher = model.AddWatcher(session, 0);
        var findings = new List<Finding>();

        EventJudge.Compare(watcher, [Expiring(1, T0 + TimeSpan.FromSeconds(30), T0), Terminated(2, SessionEndReason.Ended, T0), Updated(3, T0, T0)], 2, TimeSpan.Zero, TimeSpan.Zero, findings);

        Assert.Equal([Req.EVT_3], Assert.Single(findings).Ids);
    }

    [Fact]
    public void Compare_WrongTerminationReason_NamesTheRuleThatTerminated()
    {
        var (model, session) = Session();
        model.Terminate(session, SessionEndReason.Ended, [Req.END_1]);
        var watcher = model.AddWatcher(session, 1);
        var findings = new List<Finding>();

        EventJudge.Compare(watcher, [Terminated(2, SessionEndReason.Disconnected, T0)], 1, TimeSpan.Zero, TimeSpan.Zero, findings);

        Assert.Equal(Req.END_1, Assert.Single(findings).Ids[0]);
    }

    [Fact]
    public void Compare_TimeOffByOneTickWithTheTestClock_NamesTheEventsRule()
    {
        var (model, session) = Session();
        var watcher = model.AddWatcher(session, 0);
        var findings = new List<Finding>();

        EventJudge.Compare(watcher, [Expiring(1, T0 + TimeSpan.FromSeconds(30), T0 + TimeSpan.FromTicks(1))], 1, TimeSpan.Zero, TimeSpan.Zero, findings);

        var finding = Assert.Single(findings);
        Assert.Equal(Req.EXP_5, finding.Ids[0]);
        Assert.Contains(Req.EVT_1, finding.Message, StringComparison.Ordinal);
    }
}
