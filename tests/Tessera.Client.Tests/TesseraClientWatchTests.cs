using Tessera.Client.Tests.Infrastructure;
using Tessera.Protocol.V1;

namespace Tessera.Client.Tests;

public sealed class TesseraClientWatchTests
{
    [Fact]
    public async Task Watch_StreamDropped_ResumesWithoutDuplicatesOrGaps()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);
        await fixture.Client.StartSessionAsync(server.Token("alice"));
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 1, "the watch stream");
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice"));
        Assert.Equal(1UL, (await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated)).Seq);
        Assert.Equal(TesseraClientState.Connected, fixture.Client.State);
        fixture.ArmedDelays.Clear();

        server.Watches.DropAll();
        var backoff = await fixture.ArmedDelays.NextBelowAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(TesseraClientState.Connecting, fixture.Client.State);
        // Two events while the client is cut off.
        server.Advance(TimeSpan.FromSeconds(1));
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice"));
        server.Advance(TimeSpan.FromSeconds(1));
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice"));
        fixture.Clock.Advance(backoff);

        Assert.Equal(2UL, (await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated)).Seq);
        Assert.Equal(3UL, (await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated)).Seq);
        Assert.Equal([0UL, 1UL], fixture.Log.ResumePoints);
        Assert.Empty(fixture.Events.Drain());
    }

    [Fact]
    public async Task Watch_ServerRefusesReconnects_WaitsAGrowingJitteredDelayBeforeEachAttempt()
    {
        var backoff = new ReconnectBackoff { InitialDelay = TimeSpan.FromMilliseconds(400), MaxDelay = TimeSpan.FromSeconds(3) };
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server, o => o.ReconnectBackoff = backoff);
        await fixture.Client.StartSessionAsync(server.Token("alice"));
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 1, "the watch stream");
        server.Watches.Reject = true;

        server.Watches.DropAll();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var delay = await fixture.ArmedDelays.NextBelowAsync(TimeSpan.FromMinutes(1));
            // Armed after the previous attempt failed, and nothing is retried before it fires.
            Assert.Equal(1 + attempt, server.Watches.Attempts);
            var ceiling = Math.Min(backoff.MaxDelay.Ticks, backoff.InitialDelay.Ticks << attempt);
            Assert.InRange(delay.Ticks, (long)(ceiling * (1 - backoff.Jitter)), ceiling);
            fixture.Clock.Advance(delay);
            await server.Watches.Changed.WaitAsync(() => server.Watches.Attempts == 2 + attempt, "the next attempt");
        }

        server.Watches.Reject = false;
        fixture.Clock.Advance(await fixture.ArmedDelays.NextBelowAsync(TimeSpan.FromMinutes(1)));
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 1, "the stream back");
    }

    [Fact]
    public async Task Watch_SessionReplaced_ReportsASessionErrorAndStopsEverything()
    {
        await using var server = await TestServer.StartAsync();
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.ClientInstanceId = "tablet-1";
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice"));
        var session = await fixture.Client.StartSessionAsync(server.Token("alice"));
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 1, "the watch stream");

        // The same user starts again on the same instance from elsewhere (ONE-3, Replace).
        await server.StartDirectAsync(server.Token("alice"), "tablet-1");

        var terminated = await fixture.Events.NextAsync(TesseraSessionEventKind.Terminated);
        var error = await fixture.NextErrorAsync();
        Assert.Equal(SessionEndReason.SessionReplaced, terminated.EndReason);
        Assert.Equal(session.SessionId, error.SessionId);
        Assert.Equal(ErrorReasons.SessionTerminated, error.Reason);
        Assert.Equal(SessionEndReason.SessionReplaced, error.EndReason);
        Assert.Equal(TesseraErrorAction.StartNewSession, error.Action);
        Assert.Equal(TesseraClientState.Ended, fixture.Client.State);
        Assert.Equal(0, fixture.Clock.TimerCount);

        // Nothing bound to the dead session is sent any more (CLI-6), however long the client lives.
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var noSession = await Assert.ThrowsAsync<TesseraClientException>(() => fixture.Client.GetSessionAsync());
        Assert.Equal(TesseraErrorReasons.NoSession, noSession.Reason);
        Assert.True(noSession.IsLocal);
        Assert.Equal(0, provider.Count);
        Assert.Equal(0, fixture.Log.Count("GetSession"));
        Assert.Equal(0, fixture.Log.Count("UpdateSessionToken"));
        Assert.Equal(1, fixture.Log.Count("WatchSession"));
    }

    [Fact]
    public async Task Watch_AutoConnectOff_WatchesOnlyBetweenConnectAndDisconnect()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server, o => o.AutoConnect = false);
        await fixture.Client.StartSessionAsync(server.Token("alice"));
        Assert.Equal(TesseraClientState.Disconnected, fixture.Client.State);
        Assert.Equal(0, fixture.Log.Count("WatchSession"));

        await fixture.Client.ConnectAsync();
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 1, "the watch stream");
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice"));
        Assert.Equal(1UL, (await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated)).Seq);
        await fixture.Client.DisconnectAsync();
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 0, "the stream closed");
        Assert.Equal(TesseraClientState.Disconnected, fixture.Client.State);
        server.Advance(TimeSpan.FromSeconds(1));
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice"));
        await fixture.Client.ConnectAsync();

        Assert.Equal(2UL, (await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated)).Seq);
        Assert.Equal([0UL, 1UL], fixture.Log.ResumePoints);
    }

    [Fact]
    public async Task Watch_EventsNoLongerKept_ReportsASessionErrorAndEndsTheSession()
    {
        await using var server = await TestServer.StartAsync(o => o.EventReplayCapacity = 8);
        await using var fixture = ClientFixture.Create(server, o => o.AutoConnect = false);
        var session = await fixture.Client.StartSessionAsync(server.Token("alice"));
        await fixture.Client.ConnectAsync();
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice"));
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
        await fixture.Client.DisconnectAsync();

        // Nine more events while away: seq 2 has left the server's replay window (EVT-4).
        for (var i = 0; i < 9; i++)
        {
            server.Advance(TimeSpan.FromSeconds(1));
            await fixture.Client.UpdateSessionTokenAsync(server.Token("alice"));
        }

        await fixture.Client.ConnectAsync();
        var error = await fixture.NextErrorAsync();

        Assert.Equal(ErrorReasons.ResumeUnavailable, error.Reason);
        Assert.Equal(TesseraErrorAction.StartNewSession, error.Action);
        Assert.Equal(TesseraClientState.Ended, fixture.Client.State);
        await ServerAssert.TerminatedAsync(server, session.SessionId, SessionEndReason.Ended);
        Assert.Empty(fixture.Events.Drain());
    }

    [Fact]
    public async Task Watch_TokenExpiredEvent_RefreshesAndReturnsToConnected()
    {
        await using var server = await TestServer.StartAsync();
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o => o.TokenProvider = ct => provider.GetTokenAsync(ct));
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice"));
        var states = new List<TesseraClientState>();
        fixture.Client.StateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add(e.Current);
            }
        };
        await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromMinutes(2)));
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 1, "the watch stream");

        // The client slept through its refresh time; the server expires the token (EXP-2).
        server.Advance(TimeSpan.FromMinutes(2) + server.Leeway);

        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenExpired);
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
        Assert.Equal(1, provider.Count);
        Assert.Equal(TesseraClientState.Connected, fixture.Client.State);
        lock (states)
        {
            Assert.Equal([TesseraClientState.Connecting, TesseraClientState.Connected, TesseraClientState.Expired, TesseraClientState.Connected], states);
        }
    }
}
