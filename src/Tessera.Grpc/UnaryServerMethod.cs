namespace Tessera.Grpc;

/// <summary>Handles a unary call: one request in, one response out.</summary>
public delegate Task<TResponse> UnaryServerMethod<TRequest, TResponse>(TRequest request, ServerCallContext context);
