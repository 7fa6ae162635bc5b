using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Tokens;
using Google.Protobuf.WellKnownTypes;

namespace Tessera.ReferenceServer.Tests;

/// <summary>
/// The reference server in-process on its test clock, reached over real
/// HTTP/2 through our client: what these tests see is what any client sees.
/// </summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private readonly MintingKey _key;

    private ServerFixture(ReferenceServerHost host)
    {
        Host = host;
        Channel = GrpcChannel.ForAddress(host.Address);
        Sessions = new SessionService.SessionServiceClient(Channel);
        Clock = new TestClockService.TestClockServiceClient(Channel);
        _key = MintingKey.Hmac(host.Settings.Kid, host.Settings.Hs256Secret);
    }

    public ReferenceServerHost Host { get; }

    public GrpcChannel Channel { get; }

    public SessionService.SessionServiceClient Sessions { get; }

    public TestClockService.TestClockServiceClient Clock { get; }

    public static async Task<ServerFixture> StartAsync(Action<TesseraServerOptions>? sessions = null)
    {
        var host = await ReferenceServerHost.StartAsync(ReferenceServerSettings.Development(useTestClock: true, sessions));
        return new ServerFixture(host);
    }

    public async Task<DateTimeOffset> NowAsync() =>
        (await Clock.GetTimeAsync(new GetTimeRequest())).Now.ToDateTimeOffset();

    public async Task AdvanceAsync(TimeSpan by) =>
        await Clock.AdvanceTimeAsync(new AdvanceTimeRequest { By = Duration.FromTimeSpan(by) });

    /// <summary>A valid token for <paramref name="subject"/>, issued now on the server's clock.</summary>
    public async Task<string> TokenAsync(string subject = "alice", TimeSpan? lifetime = null, params string[] roles)
    {
        var now = await NowAsync();
        return Mint(TokenSpec.ForUser(Host.Settings.Issuer, subject, now, lifetime ?? TimeSpan.FromMinutes(10), roles));
    }

    public string Mint(TokenSpec spec) => TokenMinter.Mint(spec, _key);

    public Task<StartSessionResponse> StartAsync(string token, string instance = "device-1") =>
        Sessions.StartSessionAsync(new StartSessionRequest { ClientInstanceId = instance, Token = token, ProtocolVersion = "tessera.v1" }).ResponseAsync;

    public Task<GetSessionResponse> GetAsync(string sessionId) =>
        Sessions.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }).ResponseAsync;

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        _key.Dispose();
        await Host.DisposeAsync();
    }
}
