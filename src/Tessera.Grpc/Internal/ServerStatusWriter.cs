using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Tessera.Grpc.Internal;

/// <summary>
/// Puts a call's status on the response, as trailers after the messages, or
/// as a Trailers-Only response when nothing has been sent yet (TRN-7):
/// <code>
///   Trailers-Only -> HTTP-Status Content-Type Trailers    ; one HEADERS frame, END_STREAM
///   Trailers      -> Status [Status-Message] *Custom-Metadata
/// </code>
/// For Trailers-Only the status goes into the response headers and the
/// response has no body and no trailers, which Kestrel sends as a single
/// HEADERS frame carrying END_STREAM once the request delegate returns.
/// </summary>
internal static class ServerStatusWriter
{
    private static readonly string[] CodeStrings = CreateCodeStrings();

    public static void Write(HttpResponse response, Status status, Metadata? trailers)
    {
        var code = (uint)status.Code < (uint)CodeStrings.Length
            ? CodeStrings[(int)status.Code]
            : ((int)status.Code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = status.Detail.Length > 0 ? PercentEncoding.Encode(status.Detail) : null;
        var details = status.Details is null ? null : MetadataWire.EncodeBinary(status.Details.ToByteArray());

        if (!response.HasStarted)
        {
            var headers = response.Headers;
            headers[GrpcProtocol.StatusHeader] = code;
            if (message is not null)
            {
                headers[GrpcProtocol.MessageHeader] = message;
            }
            if (details is not null)
            {
                headers[GrpcProtocol.StatusDetailsHeader] = details;
            }
            if (trailers is not null)
            {
                MetadataWire.WriteTo(trailers, headers);
            }
            return;
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (message is not null)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, message);
        }
        if (details is not null)
        {
            response.AppendTrailer(GrpcProtocol.StatusDetailsHeader, details);
        }
        if (trailers is not null)
        {
            MetadataWire.AppendTrailers(trailers, response);
        }
    }

    private static string[] CreateCodeStrings()
    {
        var strings = new string[17];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return strings;
    }
}
