using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Ends the watch streams a shutdown cuts with status OK instead of
/// UNAVAILABLE / SERVER_SHUTTING_DOWN (breaks EVT-7, a SHOULD): the client
/// cannot tell a shutdown from a finished session. Rewrites the status in the
/// trailers (or in the headers of a Trailers-Only response) of WatchSession.
/// </summary>
internal static class ShutdownStatusRewriter
{
    private static readonly string WatchPath = MethodPaths.WatchSession;
    private const string StatusHeader = "grpc-status";
    private const string Unavailable = "14";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path != WatchPath)
        {
            await next(context);
            return;
        }

        context.Response.OnStarting(() =>
        {
            Rewrite(context.Response.Headers);
            return Task.CompletedTask;
        });
        await next(context);

        // Kestrel sends the trailers once the request delegate returns, so they can still change here.
        if (context.Features.Get<IHttpResponseTrailersFeature>() is { } trailers)
        {
            Rewrite(trailers.Trailers);
        }
    }

    private static void Rewrite(IHeaderDictionary headers)
    {
        if (headers[StatusHeader] == Unavailable)
        {
            headers[StatusHeader] = "0";
            headers.Remove("grpc-message");
            headers.Remove("grpc-status-details-bin");
        }
    }
}
