using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Sends SESSION_NOT_FOUND with INVALID_ARGUMENT instead of NOT_FOUND, the
/// google.rpc.Status code changed to match (breaks ERR-2 alone). Works on the
/// trailers-only responses every Tessera error is.
/// </summary>
internal static class StatusCodeRewriter
{
    private const string StatusHeader = "grpc-status";
    private const string DetailsHeader = "grpc-status-details-bin";

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (headers[StatusHeader] == "5" && headers[DetailsHeader].ToString() is { Length: > 0 } encoded)
            {
                var status = Google.Rpc.Status.Parser.ParseFrom(Decode(encoded));
                if (status.Details.Any(d => d.Is(Google.Rpc.ErrorInfo.Descriptor) && d.Unpack<Google.Rpc.ErrorInfo>().Reason == "SESSION_NOT_FOUND"))
                {
                    status.Code = 3;
                    headers[StatusHeader] = "3";
                    headers[DetailsHeader] = System.Buffers.Text.Base64Url.EncodeToString(status.ToByteArray()).Replace('-', '+').Replace('_', '/');
                }
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static byte[] Decode(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '='));
    }
}
