using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Redis;
using Tessera.Server.Tokens;

namespace Tessera.ReferenceServer;

/// <summary>
/// The reference server running in this process on 127.0.0.1 (a free port, h2c,
/// or TLS when the settings carry a certificate): for tests and the conformance
/// CLI's embedded target. The command
/// line entry point builds the same application through <see cref="Configure"/>.
/// </summary>
public sealed class ReferenceServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReferenceServerHost(WebApplication app, Uri address, ReferenceServerSettings settings)
    {
        _app = app;
        Address = address;
        Settings = settings;
    }

    /// <summary>http://127.0.0.1:port/ (https:// with a certificate)</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public ReferenceServerSettings Settings { get; }

    public static async Task<ReferenceServerHost> StartAsync(ReferenceServerSettings settings, CancellationToken cancellationToken = default)
    {
        var app = Build(settings);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReferenceServerHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"), settings);
    }

    /// <summary>
    /// The in-process application of <see cref="StartAsync"/> on a free loopback
    /// port, built but not started, for a host that maps more on the same pipeline
    /// (the bench's baseline service).
    /// </summary>
    public static WebApplication Build(ReferenceServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder();
        // In-process hosts are configured by the settings alone: no appsettings
        // file or environment variable of the hosting process may leak in.
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
        builder.Configuration.AddInMemoryCollection([new(ReflectionKey, settings.EnableReflection ? "true" : "false")]);
        return Configure(builder, settings.Tokens, settings.Sessions, [new ServerEndpoint(new IPEndPoint(IPAddress.Loopback, 0), settings.TlsCertificate)], settings.ConfigureServices);
    }

    /// <summary>
    /// Configuration key that turns gRPC server reflection on or off. Unset, it
    /// follows the environment: on in Development, off elsewhere.
    /// </summary>
    public const string ReflectionKey = "Tessera:Reflection";

    /// <summary>
    /// Registers the server (throws <see cref="TesseraConfigurationException"/> on bad
    /// options), binds HTTP/2-only endpoints (TRN-1: Kestrel serves h2c only on an
    /// Http2-only endpoint, and over TLS negotiates nothing but ALPN h2), maps the services, plus server
    /// reflection where <see cref="ReflectionKey"/> says so.
    /// </summary>
    public static WebApplication Configure(
        WebApplicationBuilder builder,
        TokenValidationOptions tokens,
        TesseraServerOptions sessions,
        IReadOnlyList<ServerEndpoint> endpoints,
        Action<IServiceCollection>? configureServices = null)
    {
        builder.Services.AddTesseraServer(tokens, sessions);
        if (builder.Configuration[RedisStoreOptions.ConfigurationKey] is { Length: > 0 } redis)
        {
            // Several nodes on one Redis (issue 11); in-memory stays the default.
            builder.Services.AddTesseraRedisStore(redis, RedisOptions(builder.Configuration));

            // The store interface is synchronous, so each call holds a pool thread while
            // Redis answers; the pool's slow start (one thread per ~0.5 s beyond the core
            // count) then stalled bursts of calls past the Redis timeouts. StackExchange.Redis's
            // guidance for synchronous use: raise the pool's minimum.
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, 200), io);
        }

        var reflection = builder.Configuration.GetValue(ReflectionKey, builder.Environment.IsDevelopment());
        if (reflection)
        {
            builder.Services.AddGrpcReflection();
        }

        configureServices?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var endpoint in endpoints)
            {
                kestrel.Listen(endpoint.EndPoint, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    if (endpoint.Certificate is { } certificate)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            }
        });
        // Watch streams are long-lived; shutdown ends them (EVT-7), so a short drain suffices.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        app.MapTesseraServer();
        if (reflection)
        {
            app.MapGrpcReflectionService();
        }

        return app;
    }

    /// <summary>The store's settings from configuration; the defaults where a key is absent.</summary>
    private static RedisStoreOptions RedisOptions(IConfiguration configuration)
    {
        var options = new RedisStoreOptions();
        if (configuration[RedisStoreOptions.TimerLeaseKey] is not { Length: > 0 } text)
        {
            return options;
        }

        if (!TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var lease) || lease <= TimeSpan.Zero)
        {
            throw new TesseraConfigurationException([$"{RedisStoreOptions.TimerLeaseKey} must be a positive time span such as 00:00:01; it is \"{text}\"."]);
        }

        return options with { TimerLease = lease };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
