namespace Tessera.Grpc;

/// <summary>Handles a client-streaming call: a request stream in, one response out.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);
