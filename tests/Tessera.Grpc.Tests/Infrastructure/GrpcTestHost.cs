using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port, cleartext
/// HTTP/2 only: the point of these tests is HTTP/2 on the wire, so no TestServer.
/// </summary>
public sealed class GrpcTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="mapEndpoints">Maps the endpoints.</param>
    /// <param name="configureOptions">Server options; null for the defaults.</param>
    /// <param name="listen">The Kestrel endpoint; null for cleartext HTTP/2 on 127.0.0.1:0.</param>
    public static async Task<GrpcTestHost> StartAsync(
        Action<IEndpointRouteBuilder> mapEndpoints,
        Action<GrpcServerOptions>? configureOptions = null,
        Action<KestrelServerOptions>? listen = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(listen ?? (kestrel => GrpcKestrel.ListenH2c(kestrel, IPAddress.Loopback, 0)));
        builder.Services.AddTesseraGrpc(configureOptions);
        var app = builder.Build();
        mapEndpoints(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new GrpcTestHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    /// <summary>Stops the server; calls still running are aborted after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        using var cts = new CancellationTokenSource(grace);
        await _app.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(1));
        await _app.DisposeAsync();
    }
}
