using System.Net;
using System.Net.Http.Headers;
using Tessera.Grpc.Internal;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>
/// A plain HTTP/2 client (h2c prior knowledge) that sends hand-built bodies,
/// so tests can put on the wire what our own client never would.
/// </summary>
public sealed class RawGrpcClient : IDisposable
{
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseProxy = false }, disposeHandler: true);

    public async Task<RawGrpcResponse> PostAsync(
        Uri address,
        string path,
        HttpContent body,
        string? contentType = "application/grpc",
        (string Name, string Value)[]? headers = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (contentType is not null)
        {
            body.Headers.TryAddWithoutValidation("content-type", contentType);
        }
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _invoker.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var trailersOnly = StatusWire.TryRead(response.Headers);
        return new RawGrpcResponse(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            bytes,
            trailersOnly ?? StatusWire.TryRead(response.TrailingHeaders),
            trailersOnly is not null,
            Header(response.Headers, "grpc-accept-encoding"));
    }

    public Task<RawGrpcResponse> PostAsync(
        Uri address, string path, byte[] body, string? contentType = "application/grpc",
        (string Name, string Value)[]? headers = null, CancellationToken cancellationToken = default) =>
        PostAsync(address, path, new ByteArrayContent(body), contentType, headers, cancellationToken);

    public void Dispose() => _invoker.Dispose();

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}
