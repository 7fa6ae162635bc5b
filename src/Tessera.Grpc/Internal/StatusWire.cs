using System.Globalization;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Tessera.Grpc.Internal;

/// <summary>Reads a status from received trailers (or Trailers-Only headers) on the client.</summary>
internal static class StatusWire
{
    /// <summary>The status in <paramref name="headers"/>, or null when they carry no grpc-status.</summary>
    public static Status? TryRead(HttpHeaders headers)
    {
        if (!TryGetFirst(headers, GrpcProtocol.StatusHeader, out var rawCode))
        {
            return null;
        }
        var detail = TryGetFirst(headers, GrpcProtocol.MessageHeader, out var rawMessage)
            ? PercentEncoding.Decode(rawMessage)
            : string.Empty;
        Google.Rpc.Status? details = null;
        if (TryGetFirst(headers, GrpcProtocol.StatusDetailsHeader, out var rawDetails)
            && MetadataWire.TryDecodeBinary(rawDetails.Trim(), out var bytes))
        {
            try
            {
                details = Google.Rpc.Status.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                // Unreadable details do not hide the status itself.
            }
        }
        // Status -> 1*DIGIT, decimal without leading zeros; anything else is not a status we understand.
        if (!int.TryParse(rawCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return new Status(StatusCode.Unknown, $"Invalid grpc-status value '{rawCode}'." + (detail.Length > 0 ? " " + detail : string.Empty), details);
        }
        return new Status((StatusCode)code, detail, details);
    }

    private static bool TryGetFirst(HttpHeaders headers, string name, out string value)
    {
        if (headers.NonValidated.TryGetValues(name, out var values))
        {
            foreach (var v in values)
            {
                value = v;
                return true;
            }
        }
        value = string.Empty;
        return false;
    }
}
