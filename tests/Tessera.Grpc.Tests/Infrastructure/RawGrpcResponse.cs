namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>What a raw request got back.</summary>
/// <param name="HttpStatus">The :status.</param>
/// <param name="MediaType">The response content-type's media type.</param>
/// <param name="Body">The response body bytes.</param>
/// <param name="Status">The gRPC status from the Trailers-Only headers or the trailers; null when neither had one.</param>
/// <param name="TrailersOnly">Whether the status came in the response headers (Trailers-Only).</param>
/// <param name="AcceptEncoding">The grpc-accept-encoding response header, if any.</param>
public sealed record RawGrpcResponse(int HttpStatus, string? MediaType, byte[] Body, Status? Status, bool TrailersOnly, string? AcceptEncoding);
