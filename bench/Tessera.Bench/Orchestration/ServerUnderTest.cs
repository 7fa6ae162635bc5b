using Grpc.Health.V1;
using Tessera.Bench.Cli;
using Tessera.Bench.Baseline.V1;
using Tessera.Bench.Server;
using Grpc.Core;
using Grpc.Net.Client;
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
        Sessions = new SessionService.SessionServiceClient(Channel);
        Health = new Health.HealthClient(Channel);
        Baseline = new BenchBaseline.BenchBaselineClient(Channel);
        _key = MintingKey.Hmac(ready.Kid, Convert.FromBase64String(ready.Secret));
    }

    public ServeReady Ready { get; }

    public Uri GrpcAddress { get; }

    public Uri PlainAddress { get; }

    public GrpcChannel Channel { get; }

    public SessionService.SessionServiceClient Sessions { get; }

    public Health.HealthClient Health { get; }

    /// <summary>The bench-only grpc-dotnet baselines served on the same application (trivial unary, idle stream).</summary>
    public BenchBaseline.BenchBaselineClient Baseline { get; }

    public int Pid => _child.Pid;

    public static Task<ServerUnderTest> StartAsync(BenchContext context, string name, params string[] serveOptions) =>
        StartAsync(context, name, null, serveOptions);

    public static async Task<ServerUnderTest> StartAsync(BenchContext context, string name, IReadOnlyDictionary<string, string>? environment, params string[] serveOptions)
    {
        var child = ChildProcess.Start(name, BenchContext.SelfCommand(["serve", .. serveOptions]), context.Cores.ServerCore, context.Verbose, environment);
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

    /// <summary>An HS256 token for <paramref name="subject"/>, role "member", with an exact (fractional) exp.</summary>
    public string MintToken(string subject, DateTimeOffset issuedAt, DateTimeOffset expiresAt) =>
        TokenMinter.Mint(TokenSpec.ForUser(Ready.Issuer, subject, issuedAt, expiresAt - issuedAt, "member").WithExpiresAt(expiresAt), _key);

    public StartSessionRequest StartRequest(string instance, string token) => new()
    {
        ClientInstanceId = instance,
        Token = token,
        ProtocolVersion = TesseraServerOptions.ProtocolVersionV1,
    };

    public async Task<Session> StartAsync(string instance, string token)
    {
        var response = await Sessions.StartSessionAsync(StartRequest(instance, token), Deadline()).ResponseAsync.ConfigureAwait(false);
        return response.Session;
    }

    /// <summary>The URL path h2load posts to for a SessionService method, e.g. <c>tessera.v1.SessionService/GetSession</c>.</summary>
    public static string PathOf(string method) => SessionService.Descriptor.FullName + "/" + method;

    /// <summary>The URL path of the bench-only trivial unary method: <c>tessera.bench.v1.BenchBaseline/Unary</c>.</summary>
    public static string UnaryBaselinePath => BenchBaseline.Descriptor.FullName + "/Unary";

    public Task<ServeStats> StatsAsync() => _child.RequestAsync<ServeStats>("stats", "STATS", CommandTimeout);

    public Task<MemorySample> MemoryAsync() => _child.RequestAsync<MemorySample>("memory", "MEMORY", CommandTimeout);

    /// <summary>Ends the server with SIGKILL (a node that dies mid-run).</summary>
    public void Kill() => _child.Kill();

    public static CallOptions Deadline() => new(deadline: DateTime.UtcNow.AddSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        _key.Dispose();
        await _child.DisposeAsync().ConfigureAwait(false);
    }
}
