using Grpc.Net.Client;
using Tessera.Protocol.V1;
using Tessera.ReferenceServer;
using Tessera.Tokens;

namespace Tessera.Testing;

/// <summary>
/// The reference server in this process, reached over real HTTP/2: its host,
/// a channel and SessionService client for direct calls, and the development
/// key its tokens are minted with. The test projects' own fixtures wrap it with
/// what they add (a watch gate, the clock over gRPC).
/// </summary>
public sealed class InProcessReferenceServer : IAsyncDisposable
{
    private InProcessReferenceServer(ReferenceServerHost host)
    {
        Host = host;
        Channel = GrpcChannel.ForAddress(host.Address);
        Sessions = new SessionService.SessionServiceClient(Channel);
        Key = MintingKey.Hmac(host.Settings.Kid, host.Settings.Hs256Secret);
    }

    public ReferenceServerHost Host { get; }

    public Uri Address => Host.Address;

    /// <summary>A channel for calls made directly, as no client under test.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>tessera.v1.SessionService over <see cref="Channel"/>.</summary>
    public SessionService.SessionServiceClient Sessions { get; }

    /// <summary>The key the server trusts (its development HS256 secret and kid).</summary>
    public MintingKey Key { get; }

    public static async Task<InProcessReferenceServer> StartAsync(ReferenceServerSettings settings) =>
        new(await ReferenceServerHost.StartAsync(settings).ConfigureAwait(false));

    /// <summary>A token for <paramref name="spec"/>, signed with <see cref="Key"/>.</summary>
    public string Mint(TokenSpec spec) => TokenMinter.Mint(spec, Key);

    /// <summary>A valid token of the server's issuer for <paramref name="subject"/>.</summary>
    public string Token(string subject, DateTimeOffset issuedAt, TimeSpan lifetime, params string[] roles) =>
        Mint(TokenSpec.ForUser(Host.Settings.Issuer, subject, issuedAt, lifetime, roles));

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Key.Dispose();
        await Host.DisposeAsync().ConfigureAwait(false);
    }
}
