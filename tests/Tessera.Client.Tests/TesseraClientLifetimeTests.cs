using Tessera.Client.Tests.Infrastructure;
using Tessera.Protocol.V1;

namespace Tessera.Client.Tests;

public sealed class TesseraClientLifetimeTests
{
    [Fact]
    public async Task EndSessionAsync_LiveSession_EndsItAndLeavesNoTimerTaskOrStream()
    {
        await using var server = await TestServer.StartAsync();
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o => o.TokenProvider = ct => provider.GetTokenAsync(ct));
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice"));
        var session = await fixture.Client.StartSessionAsync(server.Token("alice"));
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 1, "the watch stream");

        await fixture.Client.EndSessionAsync();

        Assert.Equal(TesseraClientState.Ended, fixture.Client.State);
        Assert.Null(fixture.Client.CurrentSession);
        Assert.Equal(0, fixture.Clock.TimerCount);
        await server.Watches.Changed.WaitAsync(() => server.Watches.OpenCount == 0, "the stream closed");
        await ServerAssert.TerminatedAsync(server, session.SessionId, SessionEndReason.Ended);
        Assert.Empty(fixture.Errors);
        var sent = fixture.Log.Count("WatchSession") + fixture.Log.Count("UpdateSessionToken");
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(sent, fixture.Log.Count("WatchSession") + fixture.Log.Count("UpdateSessionToken"));
        Assert.Equal(0, provider.Count);
    }

    [Fact]
    public async Task EndSessionAsync_NoSession_DoesNothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);

        await fixture.Client.EndSessionAsync();

        Assert.Equal(0, fixture.Log.Count("EndSession"));
        Assert.Equal(TesseraClientState.Disconnected, fixture.Client.State);
    }

    [Fact]
    public async Task EndSessionAsync_Twice_SecondCallIsANoOp()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);
        await fixture.Client.StartSessionAsync(server.Token("alice"));

        await fixture.Client.EndSessionAsync();
        await fixture.Client.EndSessionAsync();

        Assert.Equal(1, fixture.Log.Count("EndSession"));
    }

    [Fact]
    public async Task DisposeAsync_LiveSession_EndsItAndCompletesTheEventStream()
    {
        await using var server = await TestServer.StartAsync();
        var fixture = ClientFixture.Create(server);
        var session = await fixture.Client.StartSessionAsync(server.Token("alice"));

        await fixture.DisposeAsync();

        await fixture.Events.Completion.WaitAsync(Timeouts.Event);
        Assert.Equal(TesseraClientState.Ended, fixture.Client.State);
        Assert.Equal(0, fixture.Clock.TimerCount);
        await ServerAssert.TerminatedAsync(server, session.SessionId, SessionEndReason.Ended);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => fixture.Client.StartSessionAsync(server.Token("alice")));
    }

    [Fact]
    public async Task GetSessionAsync_LiveSession_AnswersTheServersView()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server, skew: TimeSpan.FromMinutes(-5));
        var started = await fixture.Client.StartSessionAsync(server.Token("alice", roles: ["b", "a"]));
        server.Advance(TimeSpan.FromSeconds(10));

        var session = await fixture.Client.GetSessionAsync();

        Assert.Equal(started.SessionId, session.SessionId);
        Assert.Equal(["a", "b"], session.Roles);
        Assert.Equal(server.Now, session.ServerTime.ToDateTimeOffset());
    }
}
