using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Grpc;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Tessera.Interop.Tests.OurServer;

/// <summary>
/// Our transport serving tessera.interop.v1.InteropService, health and the
/// UNIMPLEMENTED fallback on h2c at 127.0.0.1 and a free port, with default
/// options (4 MiB limits). Started once per test class.
/// </summary>
public sealed class OurServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>The port Kestrel bound.</summary>
    public int Port { get; private set; }

    /// <summary>The address peer clients take: <c>127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Target => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => GrpcKestrel.ListenH2c(kestrel, IPAddress.Loopback, 0));
        builder.Services.AddTesseraGrpc();
        var app = builder.Build();

        var handlers = new InteropServiceHandlers();
        app.MapGrpcUnary(InteropMethods.Unary, handlers.UnaryAsync);
        app.MapGrpcServerStreaming(InteropMethods.ServerStreaming, handlers.ServerStreamingAsync);
        app.MapGrpcDuplexStreaming(InteropMethods.Bidi, handlers.BidiAsync);
        app.MapGrpcUnary(InteropMethods.BlockUntilCancelled, handlers.BlockUntilCancelledAsync);
        app.MapGrpcUnary(InteropMethods.GetCancelObservation, handlers.GetCancelObservationAsync);
        app.MapGrpcHealth();
        app.MapGrpcFallback();
        // Like the peer servers: the whole server ("") and the interop service are SERVING.
        app.Services.GetRequiredService<GrpcHealthService>().SetStatus(InteropMethods.ServiceName, ServingStatus.Serving);

        await app.StartAsync();
        _app = app;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reports no addresses.");
        Port = new Uri(Assert.Single(addresses.Addresses)).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
