using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Testing;
using Tessera.Tokens;
using Google.Protobuf.WellKnownTypes;

namespace Tessera.ReferenceServer.Tests;

/// <summary>
/// The reference server in-process on its test clock, reached over real
/// HTTP/2 through our client: what these tests see is what any client sees.
/// </summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private readonly InProcessReferenceServer _server;

    private ServerFixture(InProcessReferenceServer server)
    {
        _server = server;
        Clock = new TestClockService.TestClockServiceClient(server.Channel);
    }

    public ReferenceServerHost Host => _server.Host;

    public GrpcChannel Channel => _server.Channel;

    public SessionService.SessionServiceClient Sessions => _server.Sessions;

    /// <summary>The test clock over gRPC, as any client reaches it.</summary>
    public TestClockService.TestClockServiceClient Clock { get; }

    public static async Task<ServerFixture> StartAsync(Action<TesseraServerOptions>? sessions = null) =>
        new(await InProcessReferenceServer.StartAsync(ReferenceServerSettings.Development(useTestClock: true, sessions)));

    public async Task<DateTimeOffset> NowAsync() =>
        (await Clock.GetTimeAsync(new GetTimeRequest())).Now.ToDateTimeOffset();

    public async Task AdvanceAsync(TimeSpan by) =>
        await Clock.AdvanceTimeAsync(new AdvanceTimeRequest { By = Duration.FromTimeSpan(by) });

    /// <summary>A valid token for <paramref name="subject"/>, issued now on the server's clock.</summary>
    public async Task<string> TokenAsync(string subject = "alice", TimeSpan? lifetime = null, params string[] roles)
    {
        var now = await NowAsync();
        return _server.Token(subject, now, lifetime ?? TimeSpan.FromMinutes(10), roles);
    }

    public string Mint(TokenSpec spec) => _server.Mint(spec);

    public Task<StartSessionResponse> StartAsync(string token, string instance = "device-1") =>
        Sessions.StartSessionAsync(new StartSessionRequest { ClientInstanceId = instance, Token = token, ProtocolVersion = "tessera.v1" }).ResponseAsync;

    public Task<GetSessionResponse> GetAsync(string sessionId) =>
        Sessions.GetSessionAsync(new GetSessionRequest { SessionId = sessionId }).ResponseAsync;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
