using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>Answers any unmapped POST with UNIMPLEMENTED, Trailers-Only (TRN-5).</summary>
internal sealed class UnimplementedCallHandler
{
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;

    public UnimplementedCallHandler(GrpcServerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    public async Task HandleCallAsync(HttpContext httpContext)
    {
        if (!await GrpcRequestGate.TryAcceptAsync(httpContext, _logger).ConfigureAwait(false))
        {
            return;
        }
        WriteUnimplemented(httpContext, _options, _logger);
    }

    /// <summary>Ends an accepted request with UNIMPLEMENTED, Trailers-Only.</summary>
    public static void WriteUnimplemented(HttpContext httpContext, GrpcServerOptions options, ILogger logger)
    {
        var path = httpContext.Request.Path.Value ?? "/";
        GrpcServerLog.MethodNotFound(logger, path);
        var status = TransportErrors.Create(
            StatusCode.Unimplemented, TransportErrorReason.MethodNotFound, $"Method '{path}' is not implemented.", options.ErrorInfoDomain);
        ServerStatusWriter.Write(httpContext.Response, status, trailers: null);
    }
}
