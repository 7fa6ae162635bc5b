using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;
using Tessera.Server.Options;
using Tessera.Time;
using Tessera.Tokens;

namespace Tessera.Conformance.Clients.Server;

/// <summary>
/// The fixed point of a client conformance run: the reference server in this
/// process on 127.0.0.1, on its test clock (CLK), with a <see cref="CallRecorder"/>
/// in front. The runner mints the tokens (it plays the app's backend), moves
/// the server's clock, and acts as other parties (another device starting a
/// session on the same instance, an admin ending one).
/// </summary>
internal sealed class InstrumentedServer : IAsyncDisposable
{
    private readonly ReferenceServerHost _host;
    private readonly MintingKey _key;
    private readonly GrpcChannel _channel;
    private readonly SessionService.SessionServiceClient _sessions;

    private InstrumentedServer(ReferenceServerHost host, CallRecorder calls)
    {
        _host = host;
        Calls = calls;
        Clock = host.Services.GetRequiredService<ManualTimeProvider>();
        _key = MintingKey.Hmac(host.Settings.Kid, host.Settings.Hs256Secret);
        _channel = GrpcChannel.ForAddress(host.Address);
        _sessions = new SessionService.SessionServiceClient(_channel);
    }

    public Uri Address => _host.Address;

    public CallRecorder Calls { get; }

    public ManualTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public TimeSpan Leeway => _host.Settings.Tokens.ClockSkewLeeway;

    /// <summary>Starts a server with the defaults of the development profile changed by <paramref name="configure"/>.</summary>
    public static async Task<InstrumentedServer> StartAsync(Action<TesseraServerOptions> configure)
    {
        CallRecorder? recorder = null;
        var settings = ReferenceServerSettings.Development(
            useTestClock: true,
            configure,
            services => services.AddSingleton<IStartupFilter>(sp => new CallRecorderStartupFilter(() => recorder ??= new CallRecorder(sp.GetRequiredService<ManualTimeProvider>()))));
        var host = await ReferenceServerHost.StartAsync(settings).ConfigureAwait(false);
        return new InstrumentedServer(host, recorder!);
    }

    /// <summary>Moves the server's clock; returns once every timer due has fired and its events are queued (CLK-3).</summary>
    public void Advance(TimeSpan by)
    {
        if (by > TimeSpan.Zero)
        {
            Clock.Advance(by);
        }
    }

    /// <summary>A valid token issued now on the server's clock: what the app's backend would hand out.</summary>
    public string Mint(string subject, TimeSpan lifetime, IReadOnlyList<string> roles) =>
        TokenMinter.Mint(TokenSpec.ForUser(_host.Settings.Issuer, subject, Now, lifetime, roles), _key);

    /// <summary>Another party starts a session on the same instance (ONE-3).</summary>
    public async Task<Session> StartAsRunnerAsync(string token, string clientInstanceId) =>
        (await _sessions.StartSessionAsync(new StartSessionRequest { ClientInstanceId = clientInstanceId, Token = token, ProtocolVersion = "tessera.v1" }, RunnerCall()).ResponseAsync.ConfigureAwait(false)).Session;

    /// <summary>Another party ends the session (an admin, the user's other tab).</summary>
    public async Task EndAsRunnerAsync(string sessionId) =>
        await _sessions.EndSessionAsync(new EndSessionRequest { SessionId = sessionId }, RunnerCall()).ResponseAsync.ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        _key.Dispose();
        await _host.DisposeAsync().ConfigureAwait(false);
    }

    private static CallOptions RunnerCall() => new(headers: new Metadata { { CallRecorder.RunnerHeader, "runner" } });

}
