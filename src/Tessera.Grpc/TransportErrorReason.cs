namespace Tessera.Grpc;

/// <summary>
/// The <c>google.rpc.ErrorInfo.reason</c> values this transport puts on the
/// statuses it produces itself (TRN-9: transport errors carry an ErrorInfo
/// too). The ErrorInfo's domain is <see cref="GrpcServerOptions.ErrorInfoDomain"/>
/// on the server and <see cref="DefaultDomain"/> for errors the client makes up.
/// </summary>
public static class TransportErrorReason
{
    /// <summary>The ErrorInfo domain used when none is configured: <c>grpc.transport</c>.</summary>
    public const string DefaultDomain = "grpc.transport";

    /// <summary>A message did not parse as its protobuf type (INTERNAL).</summary>
    public const string MalformedMessage = "MALFORMED_MESSAGE";

    /// <summary>A length-prefix carried a compressed flag other than 0 or 1 (INTERNAL).</summary>
    public const string MalformedFrame = "MALFORMED_FRAME";

    /// <summary>The stream ended in the middle of a length-prefixed message (INTERNAL).</summary>
    public const string TruncatedMessage = "TRUNCATED_MESSAGE";

    /// <summary>A message was longer than the receiver's or sender's limit (RESOURCE_EXHAUSTED).</summary>
    public const string MessageTooLarge = "MESSAGE_TOO_LARGE";

    /// <summary>The compressed flag was set but no <c>grpc-encoding</c> (or <c>identity</c>) was declared (INTERNAL).</summary>
    public const string CompressedWithoutEncoding = "COMPRESSED_WITHOUT_ENCODING";

    /// <summary>A <c>grpc-encoding</c> other than <c>identity</c> (UNIMPLEMENTED).</summary>
    public const string UnsupportedEncoding = "UNSUPPORTED_ENCODING";

    /// <summary>No such service or method (UNIMPLEMENTED).</summary>
    public const string MethodNotFound = "METHOD_NOT_FOUND";

    /// <summary>The call's <c>grpc-timeout</c> ran out (DEADLINE_EXCEEDED).</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";

    /// <summary>A <c>grpc-timeout</c> header that does not follow the grammar (INTERNAL).</summary>
    public const string MalformedTimeout = "MALFORMED_TIMEOUT";

    /// <summary>A unary or server-streaming request stream ended without its message (INTERNAL).</summary>
    public const string MissingRequest = "MISSING_REQUEST";

    /// <summary>A unary or server-streaming request stream held more than one message (INTERNAL).</summary>
    public const string TooManyRequests = "TOO_MANY_REQUESTS";

    /// <summary>A unary call's response held no message, or more than one (INTERNAL, client side).</summary>
    public const string BadResponseCardinality = "BAD_RESPONSE_CARDINALITY";

    /// <summary>The handler threw something other than <see cref="RpcException"/> (UNKNOWN).</summary>
    public const string HandlerFailed = "HANDLER_FAILED";

    /// <summary>The server is shutting down (UNAVAILABLE).</summary>
    public const string ServerShuttingDown = "SERVER_SHUTTING_DOWN";
}
