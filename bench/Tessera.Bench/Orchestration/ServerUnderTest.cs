using Grpc.Health.V1;
using Tessera.Bench.Cli;
using Tessera.Bench.Server;
using Tessera.Grpc;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Tokens;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// A <c>serve</c> child on the server core, with a gRPC client for set-up and
/// probes (not for load), token minting with its development key, and its
/// stats and memory commands.
/// </summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    public static readonly Method<HealthCheckRequest, HealthCheckResponse> HealthCheck = new(MethodType.Unary, "grpc.health.v1.Health", "Check");

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);

    private readonly ChildProcess _child;
    private readonly MintingKey _key;

    private ServerUnderTest(ChildProcess child, ServeReady ready)
    {
        _child = child;
        Ready = ready;
        GrpcAddress = new Uri(ready.Grpc);
        PlainAddress = new Uri(ready.Plain);
        Channel = GrpcChannel.ForAddress(GrpcAddress);
        _key = MintingKey.Hmac(ready.Kid, Convert.FromBase64String(ready.Secret));
    }

    public ServeReady Ready { get; }

    public Uri GrpcAddress { get; }

    public Uri PlainAddress { get; }

    public GrpcChannel Channel { get; }

    public int Pid => _child.Pid;

    public static async Task<ServerUnderTest> StartAsync(BenchContext context, string name, params string[] serveOptions)
    {
        var child = ChildProcess.Start(name, BenchContext.SelfCommand(["serve", .. serveOptions]), context.Cores.ServerCore, context.Verbose);
        try
        {
            var ready = await child.ReadAsync<ServeReady>("READY", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return new ServerUnderTest(child, ready);
        }
        catch
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An HS256 token for <paramref name="subject"/>, role "member", issued now.</summary>
    public string MintToken(string subject, TimeSpan lifetime) =>
        TokenMinter.Mint(TokenSpec.ForUser(Ready.Issuer, subject, DateTimeOffset.UtcNow, lifetime, "member"), _key);

    public StartSessionRequest StartRequest(string instance, string token) => new()
    {
        ClientInstanceId = instance,
        Token = token,
        ProtocolVersion = TesseraServerOptions.ProtocolVersionV1,
    };

    public async Task<Session> StartAsync(string instance, string token)
    {
        var response = await Channel.CallUnary(SessionServiceMethods.StartSession, StartRequest(instance, token), Deadline()).ResponseAsync.ConfigureAwait(false);
        return response.Session;
    }

    public Task<ServeStats> StatsAsync() => _child.RequestAsync<ServeStats>("stats", "STATS", CommandTimeout);

    public Task<MemorySample> MemoryAsync() => _child.RequestAsync<MemorySample>("memory", "MEMORY", CommandTimeout);

    public static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        _key.Dispose();
        await _child.DisposeAsync().ConfigureAwait(false);
    }
}
