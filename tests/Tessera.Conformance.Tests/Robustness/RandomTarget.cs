using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Conformance.Tests.Robustness;

/// <summary>A grpc-dotnet server on a free loopback port serving <see cref="RandomSessionService"/> and <see cref="SteadyClock"/>.</summary>
internal sealed class RandomTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RandomTarget(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public string Address { get; }

    public static async Task<RandomTarget> StartAsync(int seed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new RandomAnswers(seed));
        builder.Services.AddSingleton<SteadyClock>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<RandomSessionService>();
        app.MapGrpcService<SteadyClock>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RandomTarget(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
