namespace Tessera.Grpc;

/// <summary>Server settings, set through <see cref="GrpcServiceCollectionExtensions.AddTesseraGrpc"/>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>The default message size limit each way: 4 MiB.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Largest request message accepted, in bytes; a larger one ends the call with RESOURCE_EXHAUSTED (TRN-3). Defaults to 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Largest response message sent, in bytes; writing a larger one fails with RESOURCE_EXHAUSTED. Defaults to 4 MiB.</summary>
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Domain of the ErrorInfo attached to transport-level errors. Defaults to <c>grpc.transport</c>.</summary>
    public string ErrorInfoDomain { get; set; } = TransportErrorReason.DefaultDomain;

    /// <summary>
    /// The clock that runs <c>grpc-timeout</c> deadlines. Defaults to
    /// <see cref="TimeProvider.System"/>; deliberately not taken from the
    /// container, so an application's test clock does not stall transport deadlines.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
