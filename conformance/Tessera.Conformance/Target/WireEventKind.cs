namespace Tessera.Conformance.Target;

/// <summary>What a <see cref="WireEvent"/> reports, in the order a call's steps cross the wire.</summary>
internal enum WireEventKind
{
    /// <summary>The request headers as sent, pseudo-headers first.</summary>
    RequestHeaders,

    /// <summary>A request message as sent.</summary>
    RequestMessage,

    /// <summary>The client closed its request stream (END_STREAM).</summary>
    RequestCompleted,

    /// <summary>The response headers as received (a Trailers-Only response has only these).</summary>
    ResponseHeaders,

    /// <summary>A response message as received.</summary>
    ResponseMessage,

    /// <summary>The response trailers as received.</summary>
    ResponseTrailers,

    /// <summary>The call's status as the wire carried it (trailers or Trailers-Only headers), or how the stream broke.</summary>
    Completed,
}
