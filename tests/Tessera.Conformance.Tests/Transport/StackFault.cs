namespace Tessera.Conformance.Tests.Transport;

/// <summary>
/// One way a gRPC stack breaks a TRN rule, as <see cref="FakeGrpcStack"/>
/// plays it. Several are what real stacks were seen to do (Debian's grpcio
/// 1.51, grpc-dotnet).
/// </summary>
public enum StackFault
{
    /// <summary>Every TRN rule kept: the control that shows the fake itself passes.</summary>
    None,

    /// <summary>An HTTP/1.1 request is read and never answered (TRN-1).</summary>
    Http1Hangs,

    /// <summary>Any content-type is served: HTTP 200 to text/plain, the method runs (TRN-2; grpcio 1.51).</summary>
    ContentTypeIgnored,

    /// <summary>No receive limit: a 4 MiB + 1 KiB message reaches the method (TRN-3).</summary>
    NoSizeLimit,

    /// <summary>grpc-timeout is not read: a call waiting for its request stays open (TRN-4).</summary>
    DeadlineIgnored,

    /// <summary>A short grpc-timeout is answered DEADLINE_EXCEEDED at once, before it could run out (TRN-4).</summary>
    DeadlineAnsweredAtOnce,

    /// <summary>Not a fault: the deadline ends the call with RST_STREAM CANCEL and no trailers, as grpc-dotnet may.</summary>
    DeadlineByCancelReset,

    /// <summary>Unknown methods get NOT_FOUND instead of UNIMPLEMENTED (TRN-5).</summary>
    UnknownMethodNotFound,

    /// <summary>The compressed flag is ignored when no grpc-encoding came: the method runs (TRN-6; grpcio 1.51).</summary>
    CompressedFlagIgnored,

    /// <summary>An unsupported grpc-encoding is ignored: the method runs (TRN-6; grpcio 1.51).</summary>
    UnknownEncodingIgnored,

    /// <summary>Errors are sent as response headers, then trailers, never Trailers-Only (TRN-7).</summary>
    NotTrailersOnly,

    /// <summary>grpc-message carries a raw '%' (TRN-7).</summary>
    RawPercentInMessage,

    /// <summary>No grpc.health.v1.Health service (TRN-8).</summary>
    NoHealth,

    /// <summary>A message cut mid-stream gets UNIMPLEMENTED (TRN-9; grpcio 1.51).</summary>
    CutMessageUnimplemented,

    /// <summary>An unparseable message gets UNKNOWN, the parse error surfacing as a handler exception (TRN-9; grpc-dotnet without a wrapping marshaller).</summary>
    UnparseableUnknown,

    /// <summary>A malformed message is answered INTERNAL, then the connection is closed with GOAWAY (TRN-9: other calls disturbed).</summary>
    GoAwayAfterMalformed,
}
