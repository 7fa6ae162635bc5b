namespace Tessera.Grpc;

/// <summary>Handles a server-streaming call: one request in, a response stream out.</summary>
public delegate Task ServerStreamingServerMethod<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
