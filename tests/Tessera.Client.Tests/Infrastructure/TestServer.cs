using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Testing;
using Tessera.Time;
using Tessera.Tokens;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// The reference server in this process on its test clock, with a
/// <see cref="WatchGate"/> in front, plus what tests need around it: minted
/// tokens, direct calls (another device, an admin), and its clock.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly InProcessReferenceServer _server;

    private TestServer(InProcessReferenceServer server, WatchGate watches)
    {
        _server = server;
        Watches = watches;
        Clock = server.Host.Services.GetRequiredService<ManualTimeProvider>();
    }

    public ReferenceServerHost Host => _server.Host;

    public Uri Address => _server.Address;

    public WatchGate Watches { get; }

    /// <summary>The server's test clock (CLK-2).</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>A channel for calls made as someone other than the client under test.</summary>
    public GrpcChannel Channel => _server.Channel;

    /// <summary>tessera.v1.SessionService over <see cref="Channel"/>.</summary>
    public SessionService.SessionServiceClient Sessions => _server.Sessions;

    public DateTimeOffset Now => Clock.GetUtcNow();

    public TimeSpan Leeway => Host.Settings.Tokens.ClockSkewLeeway;

    /// <summary>Starts a server; by default token_expiring is off so that only the client's own timer refreshes.</summary>
    public static async Task<TestServer> StartAsync(Action<TesseraServerOptions>? sessions = null)
    {
        var watches = new WatchGate();
        var settings = ReferenceServerSettings.Development(
            useTestClock: true,
            options =>
            {
                options.ExpiringNotice = TimeSpan.Zero;
                sessions?.Invoke(options);
            },
            services => services.AddSingleton<IStartupFilter>(new WatchGateStartupFilter(watches)));
        return new TestServer(await InProcessReferenceServer.StartAsync(settings), watches);
    }

    /// <summary>Moves the server's clock; returns once every timer due has fired and its events are queued (CLK-3).</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);

    /// <summary>A valid token issued now on the server's clock.</summary>
    public string Token(string subject = "alice", TimeSpan? lifetime = null, params string[] roles) =>
        _server.Token(subject, Now, lifetime ?? TimeSpan.FromHours(1), roles);

    public Task<Session> GetAsync(string sessionId) => GetCoreAsync(sessionId);

    /// <summary>A start from outside the client under test (another tab of the same instance, say).</summary>
    public async Task<Session> StartDirectAsync(string token, string clientInstanceId) =>
        (await Sessions.StartSessionAsync(new StartSessionRequest { ClientInstanceId = clientInstanceId, Token = token, ProtocolVersion = "tessera.v1" })).Session;

    public async Task EndDirectAsync(string sessionId) =>
        await Sessions.EndSessionAsync(new EndSessionRequest { SessionId = sessionId });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task<Session> GetCoreAsync(string sessionId) =>
        (await Sessions.GetSessionAsync(new GetSessionRequest { SessionId = sessionId })).Session;
}
