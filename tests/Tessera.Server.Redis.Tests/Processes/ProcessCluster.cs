using System.Security.Cryptography;
using Tessera.Protocol.V1;
using Tessera.Tokens;

namespace Tessera.Server.Redis.Tests.Processes;

/// <summary>
/// Several reference-server processes on one redis-server child, as
/// <c>scripts/cluster.sh</c> starts them, with a signing key of the test's own
/// (Production environment: no development secret) so the test mints its tokens.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public const string Issuer = "chaos-tests";
    private const string KeyId = "chaos";

    // Generous: three `dotnet` start-ups at once on a loaded 2-core machine.
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(90);
    private readonly MintingKey _key;

    private ProcessCluster(MintingKey key, IReadOnlyList<ReferenceServerProcess> nodes)
    {
        _key = key;
        Nodes = nodes;
    }

    public IReadOnlyList<ReferenceServerProcess> Nodes { get; }

    /// <summary>Starts <paramref name="count"/> nodes on <paramref name="redis"/>, each with the extra configuration switches.</summary>
    public static async Task<ProcessCluster> StartAsync(RedisTestServer redis, int count, IEnumerable<string> configuration)
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var key = MintingKey.Hmac(KeyId, secret);
        string[] switches =
        [
            "--environment", "Production",
            "--Logging:LogLevel:Default=Warning",
            "--Tessera:Tokens:Issuers:0=" + Issuer,
            "--Tessera:Tokens:SharedSecrets:0:KeyId=" + KeyId,
            "--Tessera:Tokens:SharedSecrets:0:Secret=" + Convert.ToBase64String(secret),
            "--Tessera:Tokens:SharedSecrets:0:Encoding=Base64",
            "--Tessera:Tokens:SharedSecrets:0:Algorithms:0=HS256",
            "--" + RedisStoreOptions.ConfigurationKey + "=" + redis.Endpoint,
            .. configuration,
        ];
        var starts = Enumerable.Range(1, count).Select(i => ReferenceServerProcess.StartAsync("node" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), switches, ReadyBound)).ToArray();
        try
        {
            return new ProcessCluster(key, await Task.WhenAll(starts));
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            key.Dispose();
            throw;
        }
    }

    /// <summary>A valid token of this cluster's issuer for <paramref name="user"/>, expiring at <paramref name="expiresAt"/> (whole seconds).</summary>
    public string Token(string user, DateTimeOffset expiresAt)
    {
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var exp = DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds());
        return TokenMinter.Mint(TokenSpec.ForUser(Issuer, user, issuedAt, exp - issuedAt), _key);
    }

    /// <summary>
    /// One session through every call on every node (start, watch, update, end), so the
    /// first calls' JIT and connection set-up on a loaded machine fall outside what a test times.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellation)
    {
        await Task.WhenAll(Nodes.Select(async (node, i) =>
        {
            var user = "warm-up-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var exp = DateTimeOffset.UtcNow.AddHours(1);
            var started = await node.Sessions.StartSessionAsync(Start(user, Token(user, exp)), cancellationToken: cancellation);
            var id = started.Session.SessionId;
            var watcher = new SessionWatcher(id);
            var watching = watcher.ReadStreamAsync(Nodes[(i + 1) % Nodes.Count].Sessions, cancellation);
            await node.Sessions.UpdateSessionTokenAsync(new UpdateSessionTokenRequest { SessionId = id, Token = Token(user, exp) }, cancellationToken: cancellation);
            await node.Sessions.EndSessionAsync(new EndSessionRequest { SessionId = id }, cancellationToken: cancellation);
            if (await watching is { } error)
            {
                throw error;
            }
        }));
    }

    public static StartSessionRequest Start(string instance, string token) =>
        new() { ClientInstanceId = instance, Token = token, ProtocolVersion = Tessera.Server.Options.TesseraServerOptions.ProtocolVersionV1 };

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        _key.Dispose();
    }
}
