using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Bench.Server;

/// <summary>
/// The plain Kestrel baselines. For the transport's Health/Check rate: HTTP/2
/// only, one POST endpoint on the same path that reads the whole request body
/// and answers the same response bytes Health/Check answers (a gRPC frame
/// holding HealthCheckResponse{SERVING}), with no gRPC framing, status or
/// trailers of its own. For the memory figure: an idle held-open stream
/// (<see cref="HoldPath"/>). Built like the reference server's in-process host
/// (slim builder, warning-level logs, endpoint routing), so the difference is
/// the transport and the session domain.
/// </summary>
internal sealed class PlainHttp2Baseline : IAsyncDisposable
{
    public const string Path = "/grpc.health.v1.Health/Check";

    /// <summary>The idle-stream baseline of the memory figure: answers headers, then holds the response open until the client leaves.</summary>
    public const string HoldPath = "/bench.Idle/Hold";

    // 5-byte gRPC prefix (uncompressed, length 2) + HealthCheckResponse{status: SERVING (1)}.
    private static readonly byte[] Response = [0, 0, 0, 0, 2, 0x08, 0x01];

    private readonly WebApplication _app;

    private PlainHttp2Baseline(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PlainHttp2Baseline> StartAsync(ResponseStatusCounter? statuses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        if (statuses is not null)
        {
            app.Use(async (context, next) =>
            {
                await next(context).ConfigureAwait(false);
                statuses.Add(context.Response.StatusCode == StatusCodes.Status200OK ? "plain/200" : "plain/other");
            });
        }

        app.MapPost(Path, HandleAsync);
        app.MapPost(HoldPath, HoldAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlainHttp2Baseline(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(Response, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// What an idle watch stream is at the HTTP level, with nothing of gRPC or
    /// Tessera: the request read, response headers sent, the response open.
    /// </summary>
    private static async Task HoldAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        context.Response.ContentType = "application/grpc";
        await context.Response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left: the stream is done.
        }
    }
}
