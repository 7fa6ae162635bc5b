namespace Tessera.Grpc;

/// <summary>Client settings for <see cref="GrpcChannel.ForAddress(Uri, GrpcChannelOptions?)"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>
    /// The handler that carries the calls. Defaults to null: the channel makes
    /// (and disposes) a <see cref="SocketsHttpHandler"/> with several HTTP/2
    /// connections allowed and no proxy. A handler given here is not disposed
    /// by the channel.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Largest response message accepted, in bytes; a larger one fails the call with RESOURCE_EXHAUSTED. Defaults to 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcServerOptions.DefaultMaxMessageSize;

    /// <summary>Largest request message sent, in bytes; a larger one fails the call with RESOURCE_EXHAUSTED before it is sent. Defaults to 4 MiB.</summary>
    public int MaxSendMessageSize { get; set; } = GrpcServerOptions.DefaultMaxMessageSize;

    /// <summary>
    /// Called with every step of every call on the wire (headers, messages,
    /// trailers, final status), in order, on the thread that saw it. Defaults
    /// to null (no tracing, no cost). It must not throw or block.
    /// </summary>
    public Action<GrpcTraceEvent>? Trace { get; set; }

    /// <summary>The clock for deadlines and <c>grpc-timeout</c>. Defaults to <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
