using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Events;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

public sealed class EndTests
{
    [Fact]
    [Trait("Requirement", Req.END_1)]
    [Trait("Requirement", Req.EVT_3)]
    public async Task End_ActiveSession_TerminatedEndedAndWatchStreamEnds()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        using var watch = harness.WatchOk(session.SessionId);

        var error = harness.Registry.End(session.SessionId);

        Assert.Null(error);
        var events = new List<SessionEvent>();
        await foreach (var sessionEvent in watch.ReadAllAsync())
        {
            events.Add(sessionEvent);
        }

        var terminal = Assert.Single(events);
        Assert.Equal(SessionEndReason.Ended, terminal.Terminated.Reason);
        Assert.Equal(harness.Now, terminal.Time.ToDateTimeOffset());
    }

    [Fact]
    [Trait("Requirement", Req.END_1)]
    public void End_ExpiredSession_TerminatedEnded()
    {
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.FromSeconds(30));
        var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromMinutes(5)));
        harness.Advance(TimeSpan.FromMinutes(5));

        var error = harness.Registry.End(session.SessionId);

        Assert.Null(error);
        Assert.Equal(SessionEndReason.Ended, harness.Registry.Get(session.SessionId).Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.END_2)]
    public void End_TerminatedSession_OkAndNoNewEvent()
    {
        using var harness = new RegistryHarness();
        var session = harness.StartOk();
        harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token(roles: ["other"])));

        var error = harness.Registry.End(session.SessionId);

        Assert.Null(error);
        var history = harness.History(session.SessionId);
        Assert.Equal(SessionEndReason.RolesMismatch, Assert.Single(history).Terminated.Reason);
        Assert.Equal(SessionEndReason.RolesMismatch, harness.Registry.Get(session.SessionId).Error?.EndReason);
    }

    [Fact]
    [Trait("Requirement", Req.END_2)]
    public void End_UnknownOrEmptyId_NotFoundOrInvalidRequest()
    {
        using var harness = new RegistryHarness();

        Assert.Equal(ErrorReasons.SessionNotFound, harness.Registry.End("unknown")?.Reason);
        Assert.Equal(ErrorReasons.InvalidRequest, harness.Registry.End("")?.Reason);
    }

    [Fact]
    [Trait("Requirement", Req.END_3)]
    public void Get_WithinRetention_SessionTerminatedThenNotFoundAfter()
    {
        using var harness = new RegistryHarness(o => o.TerminatedRetention = TimeSpan.FromMinutes(10));
        var session = harness.StartOk();
        harness.Registry.End(session.SessionId);

        harness.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var withinGet = harness.Registry.Get(session.SessionId);
        var withinUpdate = harness.Registry.Update(session.SessionId, RegistryHarness.Valid(harness.Token()));
        harness.Advance(TimeSpan.FromTicks(1));
        var afterGet = harness.Registry.Get(session.SessionId);
        var afterEnd = harness.Registry.End(session.SessionId);
        var afterWatch = harness.Registry.Watch(session.SessionId, 0);

        Assert.Equal(ErrorReasons.SessionTerminated, withinGet.Error?.Reason);
        Assert.Equal(ErrorReasons.SessionTerminated, withinUpdate.Error?.Reason);
        Assert.Equal(ErrorReasons.SessionNotFound, afterGet.Error?.Reason);
        Assert.Equal(ErrorReasons.SessionNotFound, afterEnd?.Reason);
        Assert.Equal(ErrorReasons.SessionNotFound, afterWatch.Error?.Reason);
        Assert.Equal(1, harness.Observer.Count(SessionTransitionKind.Forgotten));
    }

    [Fact]
    [Trait("Requirement", Req.END_3)]
    public void End_SessionsTerminatedAtDifferentTimes_EachForgottenExactlyAtItsOwnRetentionEnd()
    {
        var retention = TimeSpan.FromMinutes(10);
        using var harness = new RegistryHarness(o => o.TerminatedRetention = retention);
        var t0 = harness.Now;
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var session = harness.StartOk(instance: "device-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            harness.Registry.End(session.SessionId);
            ids.Add(session.SessionId);
            harness.Advance(TimeSpan.FromMinutes(1));
        }

        // Now: 5 minutes after the first end. Session i was ended at minute i.
        var states = new List<(int Minute, string?[] Reasons)>();
        for (var minute = 6; minute <= 16; minute++)
        {
            harness.Advance(t0 + TimeSpan.FromMinutes(minute) - TimeSpan.FromTicks(1) - harness.Now);
            var justBefore = ids.Select(id => harness.Registry.Get(id).Error?.Reason).ToArray();
            harness.Advance(TimeSpan.FromTicks(1));
            states.Add((minute, justBefore));
        }

        for (var i = 0; i < ids.Count; i++)
        {
            foreach (var (minute, reasons) in states)
            {
                // A tick before minute i + 10 the session is still answered; from then on it is forgotten.
                var expected = minute <= i + 10 ? ErrorReasons.SessionTerminated : ErrorReasons.SessionNotFound;
                Assert.Equal(expected, reasons[i]);
            }
        }

        Assert.Equal(ids.Count, harness.Observer.Count(SessionTransitionKind.Forgotten));
        Assert.Equal(0, harness.Registry.Scheduler.Count);
    }

    [Fact]
    [Trait("Requirement", Req.END_1)]
    [Trait("Requirement", Req.EVT_1)]
    [Trait("Requirement", Req.EVT_3)]
    public void End_RacingUpdateAndExpiry_OneTerminalEventLastAndSeqGapless()
    {
        for (var round = 0; round < 300; round++)
        {
            using var harness = new RegistryHarness(o =>
            {
                o.ExpiryGrace = round % 2 == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(1);
                o.ExpiringNotice = TimeSpan.FromSeconds(2);
            });
            var session = harness.StartOk(harness.Token(lifetime: TimeSpan.FromSeconds(10)));
            using var watch = harness.WatchOk(session.SessionId);
            harness.Advance(TimeSpan.FromSeconds(9));
            var newer = harness.Token(lifetime: TimeSpan.FromSeconds(5));

            Concurrently.Run(
                () => harness.Registry.End(session.SessionId),
                () => harness.Registry.Update(session.SessionId, RegistryHarness.Valid(newer)),
                () => harness.Advance(TimeSpan.FromSeconds(2)));
            harness.Advance(TimeSpan.FromMinutes(1));

            var live = RegistryHarness.ReadReady(watch);
            var replayed = harness.History(session.SessionId);
            foreach (var events in new[] { live, replayed })
            {
                Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (ulong)i), events.Select(e => e.Seq));
                Assert.Single(events, e => e.KindCase == SessionEvent.KindOneofCase.Terminated);
                Assert.Equal(SessionEvent.KindOneofCase.Terminated, events[^1].KindCase);
            }

            Assert.Equal(replayed.Select(e => e.Seq), live.Select(e => e.Seq));
            Assert.True(watch.IsCompleted);
            var get = harness.Registry.Get(session.SessionId);
            Assert.Equal(ErrorReasons.SessionTerminated, get.Error?.Reason);
            Assert.Equal(replayed[^1].Terminated.Reason, get.Error?.EndReason);
            Assert.Contains(get.Error!.EndReason, new[] { SessionEndReason.Ended, SessionEndReason.TokenExpired });
            Assert.Equal(1, harness.Observer.Count(SessionTransitionKind.Terminated));
            Assert.Empty(harness.TimerErrors);
        }
    }

    [Fact]
    [Trait("Requirement", Req.EVT_7)]
    public async Task Shutdown_OpenWatchStream_AbortedWithServerShutdown()
    {
        var harness = new RegistryHarness();
        var session = harness.StartOk();
        using var watch = harness.WatchOk(session.SessionId);

        harness.Registry.Shutdown();

        var aborted = await Assert.ThrowsAsync<WatchStreamAbortedException>(async () =>
        {
            await foreach (var unused in watch.ReadAllAsync())
            {
            }
        });
        Assert.Equal(WatchAbortReason.ServerShutdown, aborted.Reason);
    }
}
