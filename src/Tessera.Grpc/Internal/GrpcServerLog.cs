using Microsoft.Extensions.Logging;

namespace Tessera.Grpc.Internal;

/// <summary>Every log line the server side writes, with stable event ids.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Handler of {Method} threw an unhandled exception; the call ends with UNKNOWN.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Call {Method} was cancelled by the client.")]
    public static partial void CallCancelledByClient(ILogger logger, string method);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Call {Method} ran past its deadline {Deadline:O}; the handler was cancelled.")]
    public static partial void DeadlineExceeded(ILogger logger, string method, DateTime? deadline);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Call {Method} ended with {StatusCode}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Request to {Path} refused with HTTP 415: content-type '{ContentType}' is not application/grpc.")]
    public static partial void UnsupportedContentType(ILogger logger, string path, string? contentType);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "Request to {Path} refused with HTTP 426: protocol {Protocol} is not HTTP/2.")]
    public static partial void UnsupportedProtocol(ILogger logger, string path, string protocol);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Call to unknown method {Path} answered with UNIMPLEMENTED.")]
    public static partial void MethodNotFound(ILogger logger, string path);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Call {Method} was cancelled because the server is shutting down.")]
    public static partial void CallCancelledByShutdown(ILogger logger, string method);
}
