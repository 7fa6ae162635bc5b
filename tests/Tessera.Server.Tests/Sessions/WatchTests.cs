using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Events;

namespace Tessera.Server.Tests.Sessions;

public sealed class WatchTests
{
    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void Watch_FromZero_ReplaysEverythingThenFollowsLive()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        UpdateTimes(harness, session.SessionId, 3);
        using var watch = harness.WatchOk(session.SessionId);

        var replayed = RegistryHarness.ReadReady(watch);
        UpdateTimes(harness, session.SessionId, 2);
        var live = RegistryHarness.ReadReady(watch);

        Assert.Equal([1UL, 2UL, 3UL], replayed.Select(e => e.Seq));
        Assert.Equal([4UL, 5UL], live.Select(e => e.Seq));
        Assert.Equal(5UL, watch.LastSeq);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void Watch_ResumeAfterN_ReplaysOnlyLaterEvents()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        UpdateTimes(harness, session.SessionId, 5);

        using var watch = harness.WatchOk(session.SessionId, resumeAfterSeq: 3);

        Assert.Equal([4UL, 5UL], RegistryHarness.ReadReady(watch).Select(e => e.Seq));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void Watch_ResumeAtLastSeq_NothingReplayedLiveFollows()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        UpdateTimes(harness, session.SessionId, 2);
        using var watch = harness.WatchOk(session.SessionId, resumeAfterSeq: 2);

        var replayed = RegistryHarness.ReadReady(watch);
        UpdateTimes(harness, session.SessionId, 1);

        Assert.Empty(replayed);
        Assert.Equal([3UL], RegistryHarness.ReadReady(watch).Select(e => e.Seq));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void Watch_ResumeBeyondLastSeq_ResumeUnavailable()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        UpdateTimes(harness, session.SessionId, 2);

        var result = harness.Registry.Watch(session.SessionId, 3);

        Assert.Equal(ErrorReasons.ResumeUnavailable, result.Error?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void Watch_ResumeBeforeKeptEvents_ResumeUnavailableButCapacityKept()
    {
        using var harness = new RegistryHarness(o => o.EventReplayCapacity = 8);
        var session = harness.StartOk();
        UpdateTimes(harness, session.SessionId, 20);

        var tooOld = harness.Registry.Watch(session.SessionId, 11);
        using var oldestKept = harness.WatchOk(session.SessionId, 12);

        Assert.Equal(ErrorReasons.ResumeUnavailable, tooOld.Error?.Reason);
        Assert.Equal(Enumerable.Range(13, 8).Select(i => (ulong)i), RegistryHarness.ReadReady(oldestKept).Select(e => e.Seq));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_2)]
    public void Watch_SeveralWatchers_EachReceivesEveryEventInOrder()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        var watches = Enumerable.Range(0, 5).Select(_ => harness.WatchOk(session.SessionId)).ToList();

        UpdateTimes(harness, session.SessionId, 3);
        harness.Registry.End(session.SessionId);

        foreach (var watch in watches)
        {
            Assert.Equal([1UL, 2UL, 3UL, 4UL], RegistryHarness.ReadReady(watch).Select(e => e.Seq));
            Assert.True(watch.IsCompleted);
            watch.Dispose();
        }
    }

    [Fact]
    [Trait("Requirement", Req.EVT_1)]
    public void Watch_Events_TimeIsClockWhenTheyHappened()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        harness.Advance(TimeSpan.FromSeconds(7));
        var firstAt = harness.Now;
        UpdateTimes(harness, session.SessionId, 1);
        harness.Advance(TimeSpan.FromSeconds(3));
        var endAt = harness.Now;
        harness.Registry.End(session.SessionId);

        var events = harness.History(session.SessionId);

        Assert.Equal([firstAt, endAt], events.Select(e => e.Time.ToDateTimeOffset()));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    [Trait("Requirement", Req.EVT_2)]
    public async Task Watch_ResumeAfterStreamDroppedForOverflow_NoEventLostOrRepeated()
    {
        using var harness = new RegistryHarness(o => o.WatcherBufferCapacity = 4);
        var session = harness.StartOk();
        var received = new List<SessionEvent>();
        var first = harness.WatchOk(session.SessionId);

        // The client reads two events, then stalls while ten more happen: its buffer overflows.
        UpdateTimes(harness, session.SessionId, 2);
        received.AddRange(RegistryHarness.ReadReady(first));
        UpdateTimes(harness, session.SessionId, 10);
        var aborted = await Assert.ThrowsAsync<WatchStreamAbortedException>(async () =>
        {
            await foreach (var sessionEvent in first.ReadAllAsync())
            {
                received.Add(sessionEvent);
            }
        });
        first.Dispose();
        using var resumed = harness.WatchOk(session.SessionId, received[^1].Seq);
        received.AddRange(RegistryHarness.ReadReady(resumed));
        harness.Registry.End(session.SessionId);
        received.AddRange(RegistryHarness.ReadReady(resumed));

        Assert.Equal(WatchAbortReason.Overflow, aborted.Reason);
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (ulong)i), received.Select(e => e.Seq));
        Assert.Equal(SessionEvent.KindOneofCase.Terminated, received[^1].KindCase);
        Assert.True(resumed.IsCompleted);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_5)]
    public async Task Watch_TerminatedSessionWithEventsAfterN_ReplaysTerminalLastAndEnds()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        UpdateTimes(harness, session.SessionId, 2);
        harness.Registry.End(session.SessionId);

        using var watch = harness.WatchOk(session.SessionId, 1);
        var events = new List<SessionEvent>();
        await foreach (var sessionEvent in watch.ReadAllAsync())
        {
            events.Add(sessionEvent);
        }

        Assert.Equal([2UL, 3UL], events.Select(e => e.Seq));
        Assert.Equal(SessionEndReason.Ended, events[^1].Terminated.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_5)]
    [Trait("Requirement", Req.ERR_5)]
    public void Watch_TerminatedSessionWithNothingAfterN_SessionTerminated()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        harness.Registry.End(session.SessionId);

        var atLast = harness.Registry.Watch(session.SessionId, 1);
        var beyond = harness.Registry.Watch(session.SessionId, 5);

        Assert.Equal(ErrorReasons.SessionTerminated, atLast.Error?.Reason);
        Assert.Equal(SessionEndReason.Ended, atLast.Error?.EndReason);
        Assert.Equal(ErrorReasons.SessionTerminated, beyond.Error?.Reason);
    }

    [Fact]
    public void Watch_UnknownOrEmptyId_NotFoundOrInvalidRequest()
    {
        using var harness = new RegistryHarness();

        Assert.Equal(ErrorReasons.SessionNotFound, harness.Registry.Watch("unknown", 0).Error?.Reason);
        Assert.Equal(ErrorReasons.InvalidRequest, harness.Registry.Watch("", 0).Error?.Reason);
        Assert.Equal(0, harness.Registry.Hub.CountWatchers("unknown"));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_3)]
    public async Task ReadAllAsync_LiveTerminalEvent_StreamEndsAfterIt()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        using var watch = harness.WatchOk(session.SessionId);
        var reading = Task.Run(async () =>
        {
            var seen = new List<SessionEvent>();
            await foreach (var sessionEvent in watch.ReadAllAsync())
            {
                seen.Add(sessionEvent);
            }

            return seen;
        });

        UpdateTimes(harness, session.SessionId, 1);
        harness.Registry.End(session.SessionId);
        var events = await reading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([SessionEvent.KindOneofCase.TokenUpdated, SessionEvent.KindOneofCase.Terminated], RegistryHarness.Kinds(events));
    }

    [Fact]
    public void Dispose_Subscription_LeavesHub()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        var watch = harness.WatchOk(session.SessionId);
        var during = harness.Registry.Hub.CountWatchers(session.SessionId);

        watch.Dispose();
        watch.Dispose();

        Assert.Equal(1, during);
        Assert.Equal(0, harness.Registry.Hub.CountWatchers(session.SessionId));
    }

    /// <summary>Pushes <paramref name="count"/> token_updated events with equal exp (always accepted, UPD-4).</summary>
    private static void UpdateTimes(RegistryHarness harness, string sessionId, int count)
    {
        var current = harness.Registry.Get(sessionId).Value!;
        for (var i = 0; i < count; i++)
        {
            var result = harness.Registry.Update(sessionId, RegistryHarness.Valid(harness.TokenExpiringAt(current.ExpiresAt, current.UserId, current.Issuer, [.. current.Roles])));
            Assert.True(result.IsSuccess, result.ToString());
        }
    }
}
