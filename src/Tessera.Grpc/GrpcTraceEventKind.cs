namespace Tessera.Grpc;

/// <summary>What a <see cref="GrpcTraceEvent"/> reports.</summary>
public enum GrpcTraceEventKind
{
    /// <summary>The request headers as sent, pseudo-headers included.</summary>
    RequestHeaders,

    /// <summary>A request message as sent.</summary>
    RequestMessage,

    /// <summary>The client closed its request stream (END_STREAM).</summary>
    RequestCompleted,

    /// <summary>The response headers as received (a Trailers-Only response reports only these).</summary>
    ResponseHeaders,

    /// <summary>A response message as received.</summary>
    ResponseMessage,

    /// <summary>The response trailers as received.</summary>
    ResponseTrailers,

    /// <summary>The call's final status, received or made up by the client.</summary>
    Completed,
}
