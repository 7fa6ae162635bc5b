using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The checks every gRPC endpoint makes before a call exists: HTTP/2
/// (TRN-1; an HTTP/1.1 request that reaches a TLS endpoint gets HTTP 426 with
/// a reason rather than a hang), the content-type (TRN-2; HTTP 415 as the
/// protocol document asks, so a plain HTTP client cannot read a gRPC error as
/// success), and the message encoding (TRN-6).
/// </summary>
internal static class GrpcRequestGate
{
    public static async ValueTask<bool> TryAcceptAsync(HttpContext httpContext, ILogger logger)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            GrpcServerLog.UnsupportedProtocol(logger, request.Path, request.Protocol);
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.ContentType = "text/plain";
            await response.WriteAsync($"gRPC requires HTTP/2; this request used {request.Protocol}.").ConfigureAwait(false);
            return false;
        }
        if (!GrpcProtocol.IsServedContentType(request.ContentType))
        {
            GrpcServerLog.UnsupportedContentType(logger, request.Path, request.ContentType);
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            response.ContentType = "text/plain";
            await response.WriteAsync(
                $"Content-Type '{request.ContentType}' is not supported; gRPC requests use application/grpc or application/grpc+proto.").ConfigureAwait(false);
            return false;
        }

        response.ContentType = GrpcProtocol.ContentType;

        // A stream may carry any number of messages over any time: Kestrel's
        // whole-body size limit and minimum data rate would cut long calls.
        var maxSize = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (maxSize is { IsReadOnly: false })
        {
            maxSize.MaxRequestBodySize = null;
        }
        var minRate = httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>();
        if (minRate is not null)
        {
            minRate.MinDataRate = null;
        }
        return true;
    }

    /// <summary>Refuses a non-identity grpc-encoding with UNIMPLEMENTED and advertises identity (TRN-6).</summary>
    public static void ThrowIfUnsupportedEncoding(HttpContext httpContext, string errorDomain)
    {
        string? encoding = httpContext.Request.Headers[GrpcProtocol.EncodingHeader];
        if (GrpcProtocol.IsIdentityEncoding(encoding))
        {
            return;
        }
        httpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
        throw TransportErrors.Exception(
            StatusCode.Unimplemented,
            TransportErrorReason.UnsupportedEncoding,
            $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity",
            errorDomain);
    }
}
