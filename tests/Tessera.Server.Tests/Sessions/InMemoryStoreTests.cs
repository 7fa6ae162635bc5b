using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

/// <summary>
/// How the in-memory store keeps memory and timers cheap (one retention sweep for every
/// retained session, strings shared along a chain of replaces): properties of that store
/// only, so not among the tests both stores run (Tessera.Server.Redis.Tests links the rest).
/// </summary>
public sealed class InMemoryStoreTests
{
    [Fact]
    [Trait("Requirement", Req.ONE_3)]
    public void Start_SameUserUnderReplace_NewSessionSharesTheReplacedSessionsEqualStrings()
    {
        using var harness = new RegistryHarness();
        // Fresh string instances per token, as a token parse makes them.
        var first = harness.StartOk(harness.Token(subject: new string("alice".AsSpan()), roles: [new string("admin".AsSpan())]));
        var second = harness.StartOk(harness.Token(subject: new string("alice".AsSpan()), roles: [new string("admin".AsSpan())]));
        var third = harness.StartOk(harness.Token(subject: new string("alice".AsSpan()), roles: [new string("viewer".AsSpan())]));

        Assert.Same(first.UserId, second.UserId);
        Assert.Same(first.Issuer, second.Issuer);
        Assert.Same(first.ClientInstanceId, second.ClientInstanceId);
        Assert.Same(first.Roles, second.Roles);
        Assert.Same(first.UserId, third.UserId);
        Assert.Equal(["viewer"], third.Roles);
        Assert.Equal(SessionEndReason.SessionReplaced, harness.Registry.Get(first.SessionId).Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.END_3)]
    [Trait("Requirement", Req.ONE_3)]
    public void Start_ManyReplaces_SchedulerHoldsOnlyTheLiveSessionsTimersAndOneRetentionSweep()
    {
        using var harness = new RegistryHarness(o => o.TerminatedRetention = TimeSpan.FromMinutes(10));
        var live = harness.StartOk();
        var liveTimers = harness.Registry.Scheduler.Count;
        for (var i = 0; i < 1000; i++)
        {
            live = harness.StartOk();
        }

        var held = harness.Registry.Scheduler.Count;
        harness.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(liveTimers + 1, held);
        Assert.Equal(1000, harness.Observer.Count(SessionTransitionKind.Forgotten));
        Assert.Equal(liveTimers, harness.Registry.Scheduler.Count);
        Assert.True(harness.Registry.Get(live.SessionId).IsSuccess);
    }
}
