using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Tokens;
using Tessera.Time;

namespace Tessera.Server.Redis.Tests;

/// <summary>Two nodes on one Redis: what one decides, the other sees and enforces (issue 11).</summary>
public sealed class CrossNodeTests
{
    // Waits for delivery (never for time to pass): a bound that only a broken relay reaches.
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Requirement", Req.EVT_2)]
    [Trait("Requirement", Req.EVT_1)]
    public async Task Watch_OnOtherNode_ReceivesEveryEventDecidedOnTheFirst_InOrderOnce()
    {
        var clock = new ManualTimeProvider();
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions();
        using var a = new RedisNode(RedisTestServer.Shared, prefix, clock, options);
        using var b = new RedisNode(RedisTestServer.Shared, prefix, clock, options);
        var session = a.StartOk("alice", "device-1", TimeSpan.FromHours(1));
        using var watch = Ok(b.Registry.Watch(session.SessionId, 0));

        for (var i = 1; i <= 20; i++)
        {
            var token = new ValidatedToken("app-1", "alice", [], clock.GetUtcNow() + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(i), clock.GetUtcNow(), null);
            Assert.True(a.Registry.Update(session.SessionId, TokenCheck.Valid(token)).IsSuccess);
        }

        Assert.Null(a.Registry.End(session.SessionId));

        var events = await ReadToEnd(watch);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (ulong)i), events.Select(e => e.Seq));
        Assert.All(events.Take(20), e => Assert.Equal(SessionEvent.KindOneofCase.TokenUpdated, e.KindCase));
        Assert.Equal(SessionEndReason.Ended, events[^1].Terminated.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    [Trait("Requirement", Req.EVT_7)]
    public async Task Watch_ResumedOnOtherNode_ContinuesAfterTheLastSeqSeen()
    {
        var clock = new ManualTimeProvider();
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions();
        using var a = new RedisNode(RedisTestServer.Shared, prefix, clock, options);
        using var b = new RedisNode(RedisTestServer.Shared, prefix, clock, options);
        var session = a.StartOk("alice", "device-1", TimeSpan.FromHours(1));
        var first = Ok(a.Registry.Watch(session.SessionId, 0));
        Update(a, session.SessionId, 1);
        Update(a, session.SessionId, 2);
        var seen = RegistryRead(first);
        first.Dispose();

        Update(b, session.SessionId, 3);
        using var resumed = Ok(b.Registry.Watch(session.SessionId, seen[^1].Seq));
        Assert.Null(a.Registry.End(session.SessionId));

        var rest = await ReadToEnd(resumed);
        Assert.Equal(new ulong[] { 1, 2 }, seen.Select(e => e.Seq));
        Assert.Equal(new ulong[] { 3, 4 }, rest.Select(e => e.Seq));
    }

    [Fact]
    [Trait("Requirement", Req.ONE_1)]
    [Trait("Requirement", Req.ONE_4)]
    public void Start_ConcurrentOnTwoNodes_OneInstanceHasOneLiveSession()
    {
        var clock = new ManualTimeProvider();
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions { SingleSessionPolicy = SingleSessionPolicy.Replace };
        using var a = new RedisNode(RedisTestServer.Shared, prefix, clock, options);
        using var b = new RedisNode(RedisTestServer.Shared, prefix, clock, options);

        var results = new DomainResult<SessionSnapshot>[40];
        // Bounded so the blocked callers leave the runner threads to read replies on 2 cores.
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var node = i % 2 == 0 ? a : b;
            // Another user on each call: REPLACE may not take the instance from a live user (ONE-2).
            var token = new ValidatedToken("app-1", "user-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), [], clock.GetUtcNow() + TimeSpan.FromHours(1), clock.GetUtcNow(), null);
            results[i] = node.Registry.Start(new StartSessionInput("device-1", TokenCheck.Valid(token), null, TesseraServerOptions.ProtocolVersionV1, ""));
        });

        var started = Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal(ErrorReasons.SessionAlreadyActive, r.Error?.Reason));
        Assert.Equal(SessionState.Active, b.Registry.Get(started.Value!.SessionId).Value?.State);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_4)]
    public async Task Timer_OfAKilledNode_IsFiredByAnotherAfterTheLease_AndOnlyThen()
    {
        var clock = new ManualTimeProvider();
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions { ExpiryGrace = TimeSpan.Zero, ExpiringNotice = TimeSpan.Zero };
        var lease = TimeSpan.FromSeconds(2);
        var a = new RedisNode(RedisTestServer.Shared, prefix, clock, options, lease);
        using var b = new RedisNode(RedisTestServer.Shared, prefix, clock, options, lease);
        var session = a.StartOk("alice", "device-1", TimeSpan.FromSeconds(10));
        using var watch = Ok(b.Registry.Watch(session.SessionId, 0));
        a.Kill();

        clock.Advance(TimeSpan.FromSeconds(10) + lease - TimeSpan.FromMilliseconds(1));
        var early = b.Takeover.RunOnce();
        Assert.Equal(SessionState.Active, b.Registry.Store.Get(session.SessionId, clock.GetUtcNow())?.State);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var fired = b.Takeover.RunOnce();
        var again = b.Takeover.RunOnce();

        Assert.Equal(0, early);
        Assert.Equal(1, fired);
        Assert.Equal(0, again);
        var events = await ReadToEnd(watch);
        var terminal = Assert.Single(events);
        Assert.Equal(SessionEndReason.TokenExpired, terminal.Terminated.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.EXP_4)]
    [Trait("Requirement", Req.EVT_1)]
    public async Task Timer_FiredByItsNodeAndByTakeover_ActsOnce()
    {
        var clock = new ManualTimeProvider();
        var prefix = RedisNode.NewPrefix();
        var options = new TesseraServerOptions { ExpiryGrace = TimeSpan.Zero, ExpiringNotice = TimeSpan.Zero };
        using var a = new RedisNode(RedisTestServer.Shared, prefix, clock, options);
        using var b = new RedisNode(RedisTestServer.Shared, prefix, clock, options);
        var session = a.StartOk("alice", "device-1", TimeSpan.FromSeconds(10));
        using var watch = Ok(b.Registry.Watch(session.SessionId, 0));

        // The owner fires at the due time inside Advance; the takeover then finds nothing.
        clock.Advance(TimeSpan.FromMinutes(1));
        var takenOver = b.Takeover.RunOnce();
        // A stale duplicate of the owner's firing (generation 1 was the first armed) changes nothing.
        b.Registry.FireTimer(new Scheduling.TimerFiring(session.SessionId, Scheduling.TimerKind.Expire, 1, clock.GetUtcNow()));

        Assert.Equal(0, takenOver);
        var events = await ReadToEnd(watch);
        Assert.Equal([1UL], events.Select(e => e.Seq));
        Assert.Equal(SessionEndReason.TokenExpired, events[0].Terminated.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_6)]
    public void Watcher_OfAKilledNode_StopsCountingAfterItsLease_ThenTheSessionIsDisconnected()
    {
        var clock = new ManualTimeProvider();
        var wall = new ManualTimeProvider();
        var prefix = RedisNode.NewPrefix();
        var lease = TimeSpan.FromSeconds(2);
        var grace = TimeSpan.FromSeconds(30);
        var options = new TesseraServerOptions { DisconnectGrace = grace };
        var a = new RedisNode(RedisTestServer.Shared, prefix, clock, options, lease, wall);
        using var b = new RedisNode(RedisTestServer.Shared, prefix, clock, options, lease, wall);
        var session = a.StartOk("alice", "device-1", TimeSpan.FromHours(1));
        // Never disposed: the node dies with the stream open and never says goodbye.
        _ = Ok(a.Registry.Watch(session.SessionId, 0));
        a.Kill();

        wall.Advance(lease - TimeSpan.FromMilliseconds(1));
        b.Takeover.RunOnce();
        clock.Advance(grace + TimeSpan.FromMinutes(1));
        var withinLease = b.Registry.Store.Get(session.SessionId, clock.GetUtcNow());

        wall.Advance(TimeSpan.FromMilliseconds(1));
        b.Takeover.RunOnce();
        clock.Advance(grace - TimeSpan.FromMilliseconds(1));
        var withinGrace = b.Registry.Store.Get(session.SessionId, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = b.Registry.Store.Get(session.SessionId, clock.GetUtcNow());

        Assert.Equal(SessionState.Active, withinLease?.State);
        Assert.Equal(SessionState.Active, withinGrace?.State);
        Assert.Equal(SessionState.Terminated, after?.State);
        Assert.Equal(SessionEndReason.Disconnected, after?.EndReason);
    }

    private static void Update(RedisNode node, string sessionId, int step)
    {
        var token = new ValidatedToken("app-1", "alice", [], node.Clock.GetUtcNow() + TimeSpan.FromHours(2) + TimeSpan.FromSeconds(step), node.Clock.GetUtcNow(), null);
        Assert.True(node.Registry.Update(sessionId, TokenCheck.Valid(token)).IsSuccess);
    }

    private static WatchSubscription Ok(DomainResult<WatchSubscription> result)
    {
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value!;
    }

    /// <summary>The events ready now, on the node that decided them (its store waits for its own echo).</summary>
    private static List<SessionEvent> RegistryRead(WatchSubscription watch)
    {
        var events = new List<SessionEvent>();
        while (watch.TryRead(out var next))
        {
            events.Add(next);
        }

        return events;
    }

    private static async Task<List<SessionEvent>> ReadToEnd(WatchSubscription watch)
    {
        using var bound = new CancellationTokenSource(DeliveryBound);
        var events = new List<SessionEvent>();
        await foreach (var next in watch.ReadAllAsync(bound.Token))
        {
            events.Add(next);
        }

        return events;
    }
}
