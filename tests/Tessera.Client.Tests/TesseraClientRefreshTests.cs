using Tessera.Client.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.V1;

namespace Tessera.Client.Tests;

public sealed class TesseraClientRefreshTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0)]
    [InlineData(-3600)]
    [InlineData(3600)]
    [InlineData(-17)]
    public async Task ProactiveRefresh_ClientClockSkewed_RefreshesAtMarginOnTheServerClock(int skewSeconds)
    {
        await using var server = await TestServer.StartAsync();
        var skew = TimeSpan.FromSeconds(skewSeconds);
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.RefreshMargin = Margin;
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        }, skew);
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice", TimeSpan.FromMinutes(10)));
        var session = await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromMinutes(10)));
        var due = session.ExpiresAt.ToDateTimeOffset() - Margin;

        AdvanceBoth(server, fixture, due - server.Now - TimeSpan.FromSeconds(1));
        Assert.Equal(0, provider.Count);
        AdvanceBoth(server, fixture, TimeSpan.FromSeconds(1));

        // The timer fired inside the advance and asked for the token at once (CLI-1).
        Assert.Equal(due + skew, Assert.Single(provider.Calls));
        var updated = await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
        Assert.Equal(due + TimeSpan.FromMinutes(10), updated.ExpiresAt);
        Assert.Equal(updated.ExpiresAt, (await server.GetAsync(session.SessionId)).ExpiresAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task ProactiveRefresh_TokenExpiringBeforeTheMargin_RefreshesOnTheEvent()
    {
        await using var server = await TestServer.StartAsync(o => o.ExpiringNotice = TimeSpan.FromMinutes(5));
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.RefreshMargin = Margin;
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice", TimeSpan.FromMinutes(10)));
        await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromMinutes(10)));

        // Only the server's clock moves: the client's own timer is still minutes away.
        server.Advance(TimeSpan.FromMinutes(5));

        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenExpiring);
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
        Assert.Equal(1, provider.Count);
        Assert.Equal(1, fixture.Log.Count("UpdateSessionToken"));
    }

    [Fact]
    public async Task ProactiveRefresh_TokensShorterThanTheServersNotice_NoRefreshLoop()
    {
        // Every fresh 40 s token is "expiring" at once under a 60 s notice (EXP-5).
        await using var server = await TestServer.StartAsync(o => o.ExpiringNotice = TimeSpan.FromSeconds(60));
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.RefreshMargin = TimeSpan.FromSeconds(10);
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice", TimeSpan.FromSeconds(40)));
        await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromSeconds(40)));
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenExpiring);

        // The watch loop handles events one after another: once the update's event is in,
        // the client has finished reacting to the token_expiring before it.
        AdvanceBoth(server, fixture, TimeSpan.FromSeconds(1));
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice", TimeSpan.FromSeconds(40)));
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenExpiring);
        AdvanceBoth(server, fixture, TimeSpan.FromSeconds(1));
        await fixture.Client.UpdateSessionTokenAsync(server.Token("alice", TimeSpan.FromSeconds(40)));
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
        Assert.Equal(0, provider.Count);

        // The last token (40 s from now) is refreshed 10 s before it expires, not before.
        AdvanceBoth(server, fixture, TimeSpan.FromSeconds(29));
        Assert.Equal(0, provider.Count);
        AdvanceBoth(server, fixture, TimeSpan.FromSeconds(1));
        Assert.Equal(1, provider.Count);
    }

    [Fact]
    public async Task ProactiveRefresh_RefreshInterval_RefreshesAfterTheInterval()
    {
        await using var server = await TestServer.StartAsync();
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.RefreshInterval = TimeSpan.FromMinutes(2);
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice"));
        await fixture.Client.StartSessionAsync(server.Token("alice"));

        AdvanceBoth(server, fixture, TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, provider.Count);
        AdvanceBoth(server, fixture, TimeSpan.FromSeconds(1));

        Assert.Equal(1, provider.Count);
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
    }

    [Fact]
    public async Task ReactiveRefresh_ConcurrentCallsOnAnExpiredSession_OneRefreshAndEachCallRetriedOnce()
    {
        const int calls = 6;
        await using var server = await TestServer.StartAsync();
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            // No stream, so no token_expired event: only the calls learn of the expiry.
            o.AutoConnect = false;
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice"));
        await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromMinutes(1)));
        // The device slept: the server's clock ran past exp + leeway, the client's did not.
        server.Advance(TimeSpan.FromMinutes(1) + server.Leeway);
        provider.Hold();

        var gets = Enumerable.Range(0, calls).Select(_ => Task.Run(() => fixture.Client.GetSessionAsync())).ToArray();
        await provider.Called.WaitAsync(() => provider.Count == 1, "the refresh");
        provider.Release();
        var sessions = await Task.WhenAll(gets).WaitAsync(Timeouts.Event);

        Assert.All(sessions, s => Assert.Equal(SessionState.Active, s.State));
        Assert.Equal(1, provider.Count);
        Assert.Equal(1, fixture.Log.Count("UpdateSessionToken"));
        var refused = fixture.Log.Refused("GetSession");
        Assert.InRange(refused, 1, calls);
        // Every call succeeded exactly once; only the refused ones ran twice.
        Assert.Equal(calls + refused, fixture.Log.Count("GetSession"));
    }

    [Fact]
    public async Task ReactiveRefresh_ProviderFails_CallsFailAndTheSessionEndsWithASessionError()
    {
        await using var server = await TestServer.StartAsync();
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.AutoConnect = false;
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice")) { Failure = new HttpRequestException("backend down") };
        var session = await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromMinutes(1)));
        server.Advance(TimeSpan.FromMinutes(1) + server.Leeway);
        provider.Hold();

        // Called directly, so each call is under way (in flight or paused) before the provider answers.
        var gets = Enumerable.Range(0, 3).Select(_ => fixture.Client.GetSessionAsync()).ToArray();
        await provider.Called.WaitAsync(() => provider.Count == 1, "the refresh");
        provider.Release();
        var failures = await Task.WhenAll(gets.Select(g => Assert.ThrowsAsync<TesseraClientException>(() => g))).WaitAsync(Timeouts.Event);
        var error = await fixture.NextErrorAsync();

        Assert.All(failures, f => Assert.Equal(TesseraErrorReasons.TokenProviderFailed, f.Reason));
        Assert.Equal(1, provider.Count);
        Assert.Equal(TesseraErrorReasons.TokenProviderFailed, error.Reason);
        Assert.Equal(TesseraErrorAction.StartNewSession, error.Action);
        Assert.Equal(TesseraClientState.Ended, fixture.Client.State);
        Assert.Equal(0, fixture.Clock.TimerCount);
        await ServerAssert.TerminatedAsync(server, session.SessionId, SessionEndReason.Ended);
    }

    [Fact]
    public async Task ProactiveRefresh_ProviderReturnsNothing_SessionEndsWithASessionError()
    {
        await using var server = await TestServer.StartAsync();
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.RefreshMargin = Margin;
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice")) { Fixed = string.Empty };
        var session = await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromMinutes(2)));

        AdvanceBoth(server, fixture, TimeSpan.FromMinutes(2) - Margin);
        var error = await fixture.NextErrorAsync();

        Assert.Equal(TesseraErrorReasons.TokenProviderFailed, error.Reason);
        Assert.Equal(session.SessionId, error.SessionId);
        Assert.Equal(TesseraClientState.Ended, fixture.Client.State);
        Assert.Equal(0, fixture.Log.Count("UpdateSessionToken"));
        await ServerAssert.TerminatedAsync(server, session.SessionId, SessionEndReason.Ended);
        var noSession = await Assert.ThrowsAsync<TesseraClientException>(() => fixture.Client.GetSessionAsync());
        Assert.Equal(TesseraErrorReasons.NoSession, noSession.Reason);
    }

    [Fact]
    public async Task Refresh_TimerEventAndCallAtOnce_CallTheProviderOnce()
    {
        await using var server = await TestServer.StartAsync(o => o.ExpiringNotice = TimeSpan.FromMinutes(1));
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o =>
        {
            o.RefreshMargin = TimeSpan.FromMinutes(2);
            o.TokenProvider = ct => provider.GetTokenAsync(ct);
        });
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice", TimeSpan.FromMinutes(10)));
        await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromMinutes(10)));
        provider.Hold();

        AdvanceBoth(server, fixture, TimeSpan.FromMinutes(8));
        Assert.Equal(1, provider.Count);
        server.Advance(TimeSpan.FromMinutes(1));
        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenExpiring);
        var paused = Task.Run(() => fixture.Client.GetSessionAsync());
        provider.Release();

        await fixture.Events.NextAsync(TesseraSessionEventKind.TokenUpdated);
        Assert.Equal(SessionState.Active, (await paused.WaitAsync(Timeouts.Event)).State);
        Assert.Equal(1, provider.Count);
        Assert.Equal(1, fixture.Log.Count("UpdateSessionToken"));
        Assert.Empty(fixture.Events.Drain());
    }

    [Fact]
    public async Task UpdateSessionTokenAsync_OtherRoles_ThrowsRolesMismatchAndEndsTheSession()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);
        var session = await fixture.Client.StartSessionAsync(server.Token("alice", roles: ["member"]));

        var error = await Assert.ThrowsAsync<TesseraClientException>(() => fixture.Client.UpdateSessionTokenAsync(server.Token("alice", roles: ["admin"])));
        var sessionError = await fixture.NextErrorAsync();

        Assert.Equal(ErrorReasons.RolesMismatch, error.Reason);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(TesseraErrorAction.StartNewSession, error.Action);
        Assert.Equal(ErrorReasons.SessionTerminated, sessionError.Reason);
        Assert.Equal(SessionEndReason.RolesMismatch, sessionError.EndReason);
        Assert.Equal(TesseraClientState.Ended, fixture.Client.State);
        Assert.Null(fixture.Client.CurrentSession);
        await ServerAssert.TerminatedAsync(server, session.SessionId, SessionEndReason.RolesMismatch);
    }

    [Fact]
    public async Task UpdateSessionTokenAsync_StaleToken_ThrowsAndKeepsTheSession()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);
        await fixture.Client.StartSessionAsync(server.Token("alice", TimeSpan.FromHours(2)));

        var error = await Assert.ThrowsAsync<TesseraClientException>(() => fixture.Client.UpdateSessionTokenAsync(server.Token("alice", TimeSpan.FromHours(1))));

        Assert.Equal(ErrorReasons.TokenStale, error.Reason);
        Assert.Equal(TesseraErrorAction.RefreshToken, error.Action);
        Assert.NotNull(fixture.Client.CurrentSession);
        Assert.Empty(fixture.Errors);
    }

    [Fact]
    public async Task StartGuestSessionAsync_WithAProvider_NeverRefreshes()
    {
        await using var server = await TestServer.StartAsync(o => o.GuestSessionLifetime = TimeSpan.FromMinutes(5));
        RecordingProvider provider = null!;
        await using var fixture = ClientFixture.Create(server, o => o.TokenProvider = ct => provider.GetTokenAsync(ct));
        provider = new RecordingProvider(fixture.Clock, () => server.Token("alice"));

        var session = await fixture.Client.StartGuestSessionAsync("visitor-1");
        AdvanceBoth(server, fixture, TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        Assert.True(session.Guest);
        Assert.Equal(0, provider.Count);
    }

    /// <summary>Real time passing: both clocks move by the same amount, the server's first.</summary>
    private static void AdvanceBoth(TestServer server, ClientFixture fixture, TimeSpan by)
    {
        server.Advance(by);
        fixture.Clock.Advance(by);
    }
}
