using System.Net;
using System.Security.Cryptography;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.Server.Redis.Tests;

/// <summary>
/// A whole server host in the test process (h2c on a free loopback port) wired as the
/// reference server wires the Redis store: <c>AddTesseraServer</c>, then
/// <c>AddTesseraRedisStore</c>, then <c>MapTesseraServer</c>; calls go over the wire.
/// </summary>
internal sealed class RedisHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RedisHost(WebApplication app, GrpcChannel channel)
    {
        _app = app;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the host; it does not wait for Redis, which may be down.</summary>
    public static async Task<RedisHost> StartAsync(RedisTestServer redis, string prefix, bool testClock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        var tokens = new TokenValidationOptions
        {
            Issuers = ["tessera-test"],
            SharedSecrets = [new SharedSecretOptions { KeyId = "k", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Encoding = SecretEncoding.Base64, Algorithms = ["HS256"] }],
        };
        builder.Services.AddTesseraServer(tokens, new TesseraServerOptions { TestClockEnabled = testClock });
        // As the test servers' own connections: reconnect quickly once Redis is back.
        builder.Services.AddTesseraRedisStore(redis.Configuration().ToString(), new RedisStoreOptions { KeyPrefix = prefix });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapTesseraServer();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RedisHost(app, GrpcChannel.ForAddress(address));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
