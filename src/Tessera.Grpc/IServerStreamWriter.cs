namespace Tessera.Grpc;

/// <summary>Writes response messages of a server-streaming or duplex call, one write at a time.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IServerStreamWriter<in T>
{
    /// <summary>
    /// Sends one message (the response headers go first if not sent yet).
    /// Throws <see cref="RpcException"/> (RESOURCE_EXHAUSTED) for a message over
    /// <see cref="GrpcServerOptions.MaxSendMessageSize"/> and
    /// <see cref="OperationCanceledException"/> once the call is cancelled.
    /// </summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
