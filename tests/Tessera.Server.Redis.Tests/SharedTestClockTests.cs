using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;

namespace Tessera.Server.Redis.Tests;

/// <summary>
/// The test clock shared through Redis: one clock on every node, and AdvanceTime on any
/// node fires every due timer of every node and has the events queued everywhere before
/// it returns (CLK-2, CLK-3 across nodes, issue 11). Every wait here is on the test clock:
/// what a watcher holds is read without waiting, right after AdvanceTime returned.
/// </summary>
public sealed class SharedTestClockTests
{
    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    [Trait("Requirement", Req.EXP_5)]
    [Trait("Requirement", Req.EXP_2)]
    [Trait("Requirement", Req.EXP_4)]
    public void Advance_OnOneNode_FiresTimersArmedOnAnother_InDueOrderOnce_AndAThirdNodesWatcherHasTheEventsOnReturn()
    {
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions { ExpiringNotice = TimeSpan.FromSeconds(5), ExpiryGrace = TimeSpan.FromSeconds(10) };
        using var a = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        using var b = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        using var c = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        var start = a.Time.GetUtcNow();
        var session = b.StartOk("alice", "device-1", TimeSpan.FromSeconds(30));
        using var watch = c.Registry.Watch(session.SessionId, 0).Value!;

        // 30 s + 10 s of grace passes every timer of the session: notice, expiry, grace end.
        var now = a.Advance(TimeSpan.FromSeconds(45));

        var events = Drain(watch);
        Assert.Equal(start + TimeSpan.FromSeconds(45), now);
        Assert.Equal(now, c.Time.GetUtcNow());
        Assert.Equal(new ulong[] { 1, 2, 3 }, events.Select(e => e.Seq));
        Assert.Equal(SessionEvent.KindOneofCase.TokenExpiring, events[0].KindCase);
        Assert.Equal(SessionEvent.KindOneofCase.TokenExpired, events[1].KindCase);
        Assert.Equal(SessionEndReason.TokenExpired, events[2].Terminated.Reason);
        // Each fired with the clock at its own due time, not at the advance's end.
        Assert.Equal(session.ExpiresAt - TimeSpan.FromSeconds(5), events[0].Time.ToDateTimeOffset());
        Assert.Equal(session.ExpiresAt, events[1].Time.ToDateTimeOffset());
        Assert.Equal(session.ExpiresAt + TimeSpan.FromSeconds(10), events[2].Time.ToDateTimeOffset());

        // The arming node moves on too: nothing of the session fires a second time anywhere.
        b.Advance(TimeSpan.FromMinutes(1));
        c.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(Drain(watch));
        Assert.Equal(SessionState.Terminated, a.Registry.Store.Get(session.SessionId, a.Time.GetUtcNow())?.State);
    }

    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    public void Advance_WaitsForASlowNodesRelay_SoItsWatcherHasTheEventOnReturn()
    {
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions { ExpiringNotice = TimeSpan.Zero, ExpiryGrace = TimeSpan.Zero };
        using var a = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        // A node whose relay takes its time over every event: only a wait for that node's
        // delivery, not for the firing node's own echo, has the event queued there on return.
        using var slow = new SharedClockNode(RedisTestServer.Shared, prefix, options, hub => new SlowSink(hub, TimeSpan.FromMilliseconds(300)));
        var session = a.StartOk("alice", "device-1", TimeSpan.FromSeconds(10));
        using var watch = slow.Registry.Watch(session.SessionId, 0).Value!;

        a.Advance(TimeSpan.FromSeconds(10));

        var terminal = Assert.Single(Drain(watch));
        Assert.Equal(SessionEndReason.TokenExpired, terminal.Terminated.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.CLK_3)]
    public void Advance_ShortOfTheDueTime_FiresNothing_AndToTheTickFiresIt()
    {
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions { ExpiringNotice = TimeSpan.Zero, ExpiryGrace = TimeSpan.Zero };
        using var a = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        using var b = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        // A lifetime off the whole millisecond: the timer set's score is whole ms, the clock is not.
        var session = b.StartOk("alice", "device-1", TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(4321));
        using var watch = b.Registry.Watch(session.SessionId, 0).Value!;

        a.Advance(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(4320));
        var early = Drain(watch);
        a.Advance(TimeSpan.FromTicks(1));
        var due = Drain(watch);

        Assert.Empty(early);
        var terminal = Assert.Single(due);
        Assert.Equal(SessionEndReason.TokenExpired, terminal.Terminated.Reason);
        Assert.Equal(session.ExpiresAt, terminal.Time.ToDateTimeOffset());
    }

    [Fact]
    [Trait("Requirement", Req.CLK_2)]
    [Trait("Requirement", Req.CLK_3)]
    public void Advance_ConcurrentOnTwoNodes_IsSerialized_Monotonic_AndFiresEachTimerOnceAtItsTime()
    {
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions { ExpiringNotice = TimeSpan.Zero, ExpiryGrace = TimeSpan.Zero, SingleSessionPolicy = SingleSessionPolicy.Replace };
        using var a = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        using var b = new SharedClockNode(RedisTestServer.Shared, prefix, options);
        var start = a.Time.GetUtcNow();
        // Sessions expiring at 1.5 s, 2.5 s, ... on both nodes, each watched on the other node.
        const int sessions = 8;
        var watches = new List<(SessionSnapshot Session, WatchSubscription Watch)>();
        for (var i = 0; i < sessions; i++)
        {
            var (arming, watching) = i % 2 == 0 ? (a, b) : (b, a);
            var session = arming.StartOk("user-" + i, "device-" + i, TimeSpan.FromSeconds(i + 1.5));
            watches.Add((session, watching.Registry.Watch(session.SessionId, 0).Value!));
        }

        const int perNode = 10;
        var answers = new[] { new List<DateTimeOffset>(), new List<DateTimeOffset>() };
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, n =>
        {
            var node = n == 0 ? a : b;
            for (var i = 0; i < perNode; i++)
            {
                answers[n].Add(node.Advance(TimeSpan.FromSeconds(1)));
            }
        });

        try
        {
            // Serialized: the 20 one-second advances answered 20 distinct whole seconds, each node's in increasing order.
            Assert.All(answers, list => Assert.Equal(list.Order(), list));
            Assert.Equal(
                Enumerable.Range(1, 2 * perNode).Select(s => start + TimeSpan.FromSeconds(s)),
                answers.SelectMany(list => list).Order());
            Assert.Equal(start + TimeSpan.FromSeconds(2 * perNode), a.Time.GetUtcNow());
            foreach (var (session, watch) in watches)
            {
                var terminal = Assert.Single(Drain(watch));
                Assert.Equal(SessionEndReason.TokenExpired, terminal.Terminated.Reason);
                Assert.Equal(session.ExpiresAt, terminal.Time.ToDateTimeOffset());
            }
        }
        finally
        {
            foreach (var (_, watch) in watches)
            {
                watch.Dispose();
            }
        }
    }

    [Fact]
    [Trait("Requirement", Req.CLK_4)]
    public void Advance_OutOfRange_IsInvalidRequest_AndLeavesTheSharedClock()
    {
        using var a = new SharedClockNode(RedisTestServer.Shared, RedisNode.NewPrefix(), new TesseraServerOptions());
        var before = a.Time.GetUtcNow();

        var zero = a.TestClock.Advance(TimeSpan.Zero);
        var tooFar = a.TestClock.Advance(Tessera.Server.Time.TestClock.MaxAdvance + TimeSpan.FromTicks(1));

        Assert.Equal(Tessera.Protocol.V1.ErrorReasons.InvalidRequest, zero.Error?.Reason);
        Assert.Equal(Tessera.Protocol.V1.ErrorReasons.InvalidRequest, tooFar.Error?.Reason);
        Assert.Equal(before, a.Time.GetUtcNow());
    }

    /// <summary>Hands each event on after a delay, as a loaded node's relay would.</summary>
    private sealed class SlowSink(ISessionEventSink inner, TimeSpan delay) : ISessionEventSink
    {
        public void Publish(string sessionId, SessionEvent sessionEvent)
        {
            Thread.Sleep(delay);
            inner.Publish(sessionId, sessionEvent);
        }
    }

    /// <summary>What the watcher holds now: CLK-3 says it is queued by the time AdvanceTime returned.</summary>
    private static List<SessionEvent> Drain(WatchSubscription watch)
    {
        var events = new List<SessionEvent>();
        while (watch.TryRead(out var next))
        {
            events.Add(next);
        }

        return events;
    }
}
