namespace Tessera.Grpc;

/// <summary>Handles a bidirectional call: a request stream in, a response stream out.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
