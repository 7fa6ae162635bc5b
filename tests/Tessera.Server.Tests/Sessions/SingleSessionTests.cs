using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

public sealed class SingleSessionTests
{
    [Theory]
    [InlineData(SingleSessionPolicy.Replace)]
    [InlineData(SingleSessionPolicy.Reject)]
    [Trait("Requirement", Req.ONE_2)]
    public void Start_OtherUserOnLiveInstance_AlreadyActiveAndLiveUnchanged(SingleSessionPolicy policy)
    {
        using var harness = new RegistryHarness(o => o.SingleSessionPolicy = policy);
        var live = harness.StartOk(harness.Token("alice"));
        using var watch = harness.WatchOk(live.SessionId);

        var result = harness.Start(harness.Token("bob"));

        Assert.Equal(ErrorReasons.SessionAlreadyActive, result.Error?.Reason);
        Assert.Equal(SessionState.Active, harness.Registry.Get(live.SessionId).Value?.State);
        Assert.Empty(RegistryHarness.ReadReady(watch));
    }

    [Fact]
    [Trait("Requirement", Req.ONE_3)]
    public void Start_SameUserUnderReplace_OldTerminatedReplacedAndItsWatcherSeesIt()
    {
        using var harness = new RegistryHarness(o => o.SingleSessionPolicy = SingleSessionPolicy.Replace);
        var old = harness.StartOk(harness.Token("alice"));
        using var watch = harness.WatchOk(old.SessionId);

        var fresh = harness.Start(harness.Token("alice"));

        Assert.True(fresh.IsSuccess);
        Assert.NotEqual(old.SessionId, fresh.Value!.SessionId);
        var events = RegistryHarness.ReadReady(watch);
        var terminal = Assert.Single(events);
        Assert.Equal(SessionEndReason.SessionReplaced, terminal.Terminated.Reason);
        Assert.True(watch.IsCompleted);
        Assert.Equal(SessionEndReason.SessionReplaced, harness.Registry.Get(old.SessionId).Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.ONE_3)]
    public void Start_SameUserUnderReject_AlreadyActiveAndLiveUnchanged()
    {
        using var harness = new RegistryHarness(o => o.SingleSessionPolicy = SingleSessionPolicy.Reject);
        var live = harness.StartOk(harness.Token("alice"));

        var result = harness.Start(harness.Token("alice"));

        Assert.Equal(ErrorReasons.SessionAlreadyActive, result.Error?.Reason);
        Assert.Equal(SessionState.Active, harness.Registry.Get(live.SessionId).Value?.State);
        Assert.Empty(harness.History(live.SessionId));
    }

    [Fact]
    [Trait("Requirement", Req.ONE_1)]
    public void Start_AfterLiveSessionEnded_NewSessionStarts()
    {
        using var harness = new RegistryHarness(o => o.SingleSessionPolicy = SingleSessionPolicy.Reject);
        var first = harness.StartOk(harness.Token("alice"));
        harness.Registry.End(first.SessionId);

        var second = harness.Start(harness.Token("bob"));

        Assert.True(second.IsSuccess);
    }

    [Fact]
    [Trait("Requirement", Req.ONE_1)]
    public void Start_SameInstanceIdOtherIssuer_BothLive()
    {
        using var harness = new RegistryHarness();
        var first = harness.StartOk(harness.Token("alice", issuer: "app-1"));

        var second = harness.Start(harness.Token("bob", issuer: "app-2"));

        Assert.True(second.IsSuccess);
        Assert.True(harness.Registry.Get(first.SessionId).IsSuccess);
    }

    [Theory]
    [InlineData(SingleSessionPolicy.Replace, false)]
    [InlineData(SingleSessionPolicy.Reject, false)]
    [InlineData(SingleSessionPolicy.Replace, true)]
    [InlineData(SingleSessionPolicy.Reject, true)]
    [Trait("Requirement", Req.ONE_4)]
    public void Start_FiftyConcurrentOnOneInstance_ExactlyOneSurvivor(SingleSessionPolicy policy, bool differentUsers)
    {
        for (var round = 0; round < 10; round++)
        {
            using var harness = new RegistryHarness(o => o.SingleSessionPolicy = policy);
            const int starters = 50;
            var results = new DomainResult<SessionSnapshot>[starters];
            var tokens = Enumerable.Range(0, starters).Select(i => harness.Token(differentUsers ? "user-" + i : "alice")).ToArray();

            Concurrently.Run(starters, i => results[i] = harness.Start(tokens[i]));

            var started = results.Where(r => r.IsSuccess).Select(r => r.Value!).ToList();
            var refused = results.Where(r => !r.IsSuccess).ToList();
            Assert.All(refused, r => Assert.Equal(ErrorReasons.SessionAlreadyActive, r.Error!.Reason));
            var survivors = started.Where(s => harness.Registry.Get(s.SessionId).IsSuccess).ToList();
            Assert.Single(survivors);
            foreach (var loser in started.Where(s => s.SessionId != survivors[0].SessionId))
            {
                // ONE-4: a start that got a session and lost it was replaced, and its watchers see it (EVT-5).
                Assert.Equal(SessionEndReason.SessionReplaced, harness.Registry.Get(loser.SessionId).Error?.EndReason);
                var history = harness.History(loser.SessionId);
                Assert.Equal(SessionEndReason.SessionReplaced, history[^1].Terminated.Reason);
            }

            if (policy == SingleSessionPolicy.Reject || differentUsers)
            {
                Assert.Single(started);
            }
        }
    }

    [Fact]
    [Trait("Requirement", Req.ONE_4)]
    [Trait("Requirement", Req.EVT_2)]
    public void Start_ConcurrentReplacesWithWatchersOpen_EveryReplacedWatcherEndsWithReplaced()
    {
        using var harness = new RegistryHarness(o => o.SingleSessionPolicy = SingleSessionPolicy.Replace);
        var watches = new System.Collections.Concurrent.ConcurrentBag<Tessera.Server.Events.WatchSubscription>();
        const int starters = 50;
        var tokens = Enumerable.Range(0, starters).Select(_ => harness.Token("alice")).ToArray();

        Concurrently.Run(starters, i =>
        {
            var result = harness.Start(tokens[i]);
            var watch = harness.Registry.Watch(result.Value!.SessionId, 0);
            if (watch.IsSuccess)
            {
                watches.Add(watch.Value!);
            }
        });

        var live = 0;
        foreach (var watch in watches)
        {
            var events = RegistryHarness.ReadReady(watch);
            if (watch.IsCompleted)
            {
                Assert.Equal(SessionEndReason.SessionReplaced, events[^1].Terminated.Reason);
            }
            else
            {
                live++;
                Assert.Empty(events);
            }

            watch.Dispose();
        }

        Assert.Equal(starters, watches.Count);
        Assert.Equal(1, live);
    }
}
