namespace Tessera.Grpc;

/// <summary>Writes request messages of a client-streaming or duplex call, one write at a time.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IClientStreamWriter<in T>
{
    /// <summary>
    /// Sends one message. Throws <see cref="RpcException"/> with the call's
    /// status once the call has failed, and RESOURCE_EXHAUSTED for a message
    /// over <see cref="GrpcChannelOptions.MaxSendMessageSize"/> (the call is then cancelled).
    /// </summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);

    /// <summary>Ends the request stream (END_STREAM); later writes throw <see cref="InvalidOperationException"/>.</summary>
    Task CompleteAsync();
}
