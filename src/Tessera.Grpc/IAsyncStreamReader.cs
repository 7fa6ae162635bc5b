namespace Tessera.Grpc;

/// <summary>A stream of incoming messages, read one at a time.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>
    /// Reads the next message; false at the end of the stream. Throws
    /// <see cref="RpcException"/> when the stream is malformed or the call failed.
    /// </summary>
    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}
