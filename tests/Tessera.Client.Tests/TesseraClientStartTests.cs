using System.Net;
using System.Net.Sockets;
using Tessera.Client.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.V1;

namespace Tessera.Client.Tests;

public sealed class TesseraClientStartTests
{
    [Fact]
    public async Task StartSessionAsync_WithToken_ReturnsActiveSessionForThisInstance()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server, o => o.ClientInstanceId = "device-7");

        var session = await fixture.Client.StartSessionAsync(server.Token("alice", roles: ["member"]));

        Assert.Equal(SessionState.Active, session.State);
        Assert.Equal("alice", session.UserId);
        Assert.Equal("device-7", session.ClientInstanceId);
        Assert.Equal(["member"], session.Roles);
        Assert.Equal(session.SessionId, fixture.Client.CurrentSession!.SessionId);
        Assert.Equal(SessionState.Active, (await server.GetAsync(session.SessionId)).State);
    }

    [Fact]
    public async Task StartSessionAsync_WithoutToken_UsesTheTokenProvider()
    {
        await using var server = await TestServer.StartAsync();
        var calls = 0;
        await using var fixture = ClientFixture.Create(server, o => o.TokenProvider = _ =>
        {
            calls++;
            return ValueTask.FromResult(server.Token("bob"));
        });

        var session = await fixture.Client.StartSessionAsync();

        Assert.Equal("bob", session.UserId);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task StartSessionAsync_WithoutTokenOrProvider_ThrowsInvalidOperation()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.StartSessionAsync());
        Assert.Equal(0, fixture.Log.Count("StartSession"));
    }

    [Fact]
    public async Task StartSessionAsync_WhileLive_ThrowsSessionAlreadyLiveWithoutCallingTheServer()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);
        var first = await fixture.Client.StartSessionAsync(server.Token("alice"));

        var error = await Assert.ThrowsAsync<SessionAlreadyLiveException>(() => fixture.Client.StartSessionAsync(server.Token("bob")));

        Assert.Equal(first.SessionId, error.SessionId);
        Assert.Contains("EndSessionAsync", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Log.Count("StartSession"));
        Assert.Equal(SessionState.Active, (await server.GetAsync(first.SessionId)).State);
    }

    [Fact]
    public async Task StartSessionAsync_ConcurrentStarts_ExactlyOneReachesTheServer()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);
        var tokens = Enumerable.Range(0, 8).Select(i => server.Token("user-" + i)).ToArray();

        var starts = tokens.Select(t => Task.Run(() => fixture.Client.StartSessionAsync(t))).ToArray();
        await Task.WhenAll(starts.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        Assert.Equal(1, starts.Count(t => t.IsCompletedSuccessfully));
        Assert.All(starts.Where(t => !t.IsCompletedSuccessfully), t => Assert.IsType<SessionAlreadyLiveException>(t.Exception!.InnerException));
        Assert.Equal(1, fixture.Log.Count("StartSession"));
    }

    [Fact]
    public async Task StartSessionAsync_AfterEndSession_SwitchesUser()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);
        var alice = await fixture.Client.StartSessionAsync(server.Token("alice"));

        await fixture.Client.EndSessionAsync();
        var bob = await fixture.Client.StartSessionAsync(server.Token("bob"));

        Assert.Equal("bob", bob.UserId);
        Assert.Equal(alice.ClientInstanceId, bob.ClientInstanceId);
        await ServerAssert.TerminatedAsync(server, alice.SessionId, SessionEndReason.Ended);
        Assert.Equal(SessionState.Active, (await server.GetAsync(bob.SessionId)).State);
    }

    [Fact]
    public async Task StartSessionAsync_InvalidToken_ThrowsTypedErrorWithReasonAndAction()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);

        var error = await Assert.ThrowsAsync<TesseraClientException>(() => fixture.Client.StartSessionAsync("not.a.token"));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(ErrorReasons.TokenInvalid, error.Reason);
        Assert.Equal(TesseraErrorAction.RefreshToken, error.Action);
        Assert.False(error.IsLocal);
        Assert.Null(fixture.Client.CurrentSession);
        Assert.Equal(TesseraClientState.Disconnected, fixture.Client.State);
    }

    [Fact]
    public async Task StartSessionAsync_UnreachableServer_ThrowsTypedTransportError()
    {
        // A port that was free a moment ago: nothing listens on it.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var client = new TesseraClient(new TesseraClientOptions { Address = new Uri($"http://127.0.0.1:{port}") });

        var error = await Assert.ThrowsAsync<TesseraClientException>(() => client.StartSessionAsync("a.b.c"));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(TesseraErrorReasons.Transport, error.Reason);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Constructor_WithoutInstanceId_GeneratesOneStableAcrossSessions()
    {
        await using var server = await TestServer.StartAsync();
        await using var fixture = ClientFixture.Create(server);

        var first = await fixture.Client.StartSessionAsync(server.Token("alice"));
        await fixture.Client.EndSessionAsync();
        var second = await fixture.Client.StartSessionAsync(server.Token("alice"));

        Assert.StartsWith("tc-", fixture.Client.ClientInstanceId, StringComparison.Ordinal);
        Assert.Equal(fixture.Client.ClientInstanceId, first.ClientInstanceId);
        Assert.Equal(fixture.Client.ClientInstanceId, second.ClientInstanceId);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    public void Constructor_InvalidInstanceId_Throws(string instanceId) =>
        Assert.Throws<ArgumentException>(() => new TesseraClient(new TesseraClientOptions { Address = new Uri("http://127.0.0.1:1"), ClientInstanceId = instanceId }));

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new TesseraClient(new TesseraClientOptions
        {
            Address = new Uri("ftp://example.invalid"),
            RefreshMargin = TimeSpan.FromSeconds(-1),
            ReconnectBackoff = new ReconnectBackoff { InitialDelay = TimeSpan.Zero },
        }));

        Assert.Contains("Address", error.Message, StringComparison.Ordinal);
        Assert.Contains("RefreshMargin", error.Message, StringComparison.Ordinal);
        Assert.Contains("InitialDelay", error.Message, StringComparison.Ordinal);
    }
}
