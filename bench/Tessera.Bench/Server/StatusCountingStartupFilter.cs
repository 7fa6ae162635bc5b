using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tessera.Bench.Server;

/// <summary>
/// Puts one middleware in front of the reference server's pipeline that counts
/// each response's grpc-status: from the trailers, or from the headers of a
/// Trailers-Only answer (TRN-7). The plain baseline runs the same kind of
/// middleware, so both sides of the ratio pay for it.
/// </summary>
internal sealed class StatusCountingStartupFilter(ResponseStatusCounter counter) : IStartupFilter
{
    // Keys are built once: the request path must not allocate for counting.
    private static readonly string[] GrpcKeys = BuildKeys();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            await nextMiddleware(context).ConfigureAwait(false);
            counter.Add(KeyFor(context));
        });
        next(app);
    };

    private static string KeyFor(HttpContext context)
    {
        var status = context.Response.Headers["grpc-status"];
        if (status.Count == 0)
        {
            var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
            if (trailers is not null)
            {
                status = trailers["grpc-status"];
            }
        }

        if (status.Count == 1 && int.TryParse(status[0], out var code) && code is >= 0 and < 17)
        {
            return GrpcKeys[code];
        }

        return status.Count == 0 ? "grpc/none" : "grpc/other";
    }

    private static string[] BuildKeys()
    {
        var keys = new string[17];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = "grpc/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return keys;
    }
}
