using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Events;

namespace Tessera.Server.Tests.Events;

public sealed class SessionEventHubTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Requirement", Req.EVT_2)]
    public void Publish_SeveralWatchers_EachReceivesEveryEventInOrder()
    {
        var hub = new SessionEventHub(16);
        var watchers = Enumerable.Range(0, 3).Select(_ => hub.Register("s")).ToArray();

        for (ulong seq = 1; seq <= 5; seq++)
        {
            hub.Publish("s", Numbered(SessionEvents.TokenUpdated(T0), seq));
        }

        foreach (var watcher in watchers)
        {
            Assert.Equal([1UL, 2UL, 3UL, 4UL, 5UL], ReadReady(watcher).Select(e => e.Seq));
        }

        Assert.Equal(3, hub.CountWatchers("s"));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_2)]
    public async Task Publish_SlowWatcherOverflows_OnlyThatWatcherDropped()
    {
        var hub = new SessionEventHub(2);
        var slow = hub.Register("s");
        var fast = hub.Register("s");
        var fastSeen = new List<ulong>();

        for (ulong seq = 1; seq <= 4; seq++)
        {
            hub.Publish("s", Numbered(SessionEvents.TokenUpdated(T0), seq));
            fastSeen.AddRange(ReadReady(fast).Select(e => e.Seq));
        }

        Assert.Equal([1UL, 2UL, 3UL, 4UL], fastSeen);
        Assert.Equal([1UL, 2UL], ReadReady(slow).Select(e => e.Seq));
        var aborted = await Assert.ThrowsAsync<WatchStreamAbortedException>(async () => await slow.Reader.WaitToReadAsync());
        Assert.Equal(WatchAbortReason.Overflow, aborted.Reason);
        Assert.Equal(1, hub.CountWatchers("s"));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_3)]
    public async Task Publish_Terminal_CompletesEveryWatcherAfterDeliveringIt()
    {
        var hub = new SessionEventHub(16);
        var a = hub.Register("s");
        var b = hub.Register("s");

        hub.Publish("s", Numbered(SessionEvents.Terminated(SessionEndReason.Ended, "bye"), 1));

        foreach (var watcher in new[] { a, b })
        {
            Assert.Equal([SessionEvent.KindOneofCase.Terminated], ReadReady(watcher).Select(e => e.KindCase));
            Assert.False(await watcher.Reader.WaitToReadAsync());
        }

        Assert.Equal(0, hub.CountWatchers("s"));
    }

    [Fact]
    public void Publish_OtherSession_NotDelivered()
    {
        var hub = new SessionEventHub(16);
        var watcher = hub.Register("s");

        hub.Publish("t", Numbered(SessionEvents.TokenUpdated(T0), 1));

        Assert.Empty(ReadReady(watcher));
    }

    [Fact]
    public async Task Unregister_Watcher_CompletesItAndStopsDelivery()
    {
        var hub = new SessionEventHub(16);
        var watcher = hub.Register("s");

        hub.Unregister(watcher);
        hub.Publish("s", Numbered(SessionEvents.TokenUpdated(T0), 1));

        Assert.False(await watcher.Reader.WaitToReadAsync());
        Assert.Equal(0, hub.CountWatchers("s"));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_7)]
    public async Task Shutdown_OpenAndNewWatchers_AbortedWithServerShutdown()
    {
        var hub = new SessionEventHub(16);
        var open = hub.Register("s");

        hub.Shutdown();
        var late = hub.Register("s");

        foreach (var watcher in new[] { open, late })
        {
            var aborted = await Assert.ThrowsAsync<WatchStreamAbortedException>(async () => await watcher.Reader.WaitToReadAsync());
            Assert.Equal(WatchAbortReason.ServerShutdown, aborted.Reason);
        }
    }

    private static SessionEvent Numbered(SessionEvent sessionEvent, ulong seq)
    {
        sessionEvent.Seq = seq;
        return sessionEvent;
    }

    private static List<SessionEvent> ReadReady(SessionWatcher watcher)
    {
        var events = new List<SessionEvent>();
        while (watcher.Reader.TryRead(out var next))
        {
            events.Add(next);
        }

        return events;
    }
}
