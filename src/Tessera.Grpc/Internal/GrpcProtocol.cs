namespace Tessera.Grpc.Internal;

/// <summary>Header names and values from PROTOCOL-HTTP2.md.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string StatusDetailsHeader = "grpc-status-details-bin";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string IdentityEncoding = "identity";
    public const string UserAgent = "grpc-dotnet-tessera/1.0";

    /// <summary>
    /// Whether a request content-type is one this transport serves: exactly
    /// <c>application/grpc</c> or <c>application/grpc+proto</c>, parameters
    /// aside (TRN-2). Anything else is answered with HTTP 415.
    /// </summary>
    public static bool IsServedContentType(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        mediaType = mediaType.Trim();
        return mediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/grpc+proto", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether a response content-type is a gRPC one (begins with <c>application/grpc</c>).</summary>
    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';');

    /// <summary>Whether a <c>grpc-encoding</c> value means "not compressed".</summary>
    public static bool IsIdentityEncoding(string? encoding) =>
        string.IsNullOrEmpty(encoding) || encoding.Equals(IdentityEncoding, StringComparison.OrdinalIgnoreCase);

    /// <summary>The status a client synthesizes from an HTTP status when grpc-status is missing (doc/http-grpc-status-mapping.md).</summary>
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        431 => StatusCode.Internal,
        _ => StatusCode.Unknown,
    };
}
