using System.Net.Sockets;
using System.Text;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Server;

/// <summary>What the server puts on the wire, checked below our own client.</summary>
public sealed class WireProtocolTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    [Fact]
    public async Task ErrorBeforeAnyMessage_IsOneHeadersFrameWithEndStream()
    {
        // TRN-7: Trailers-Only, the shape grpcio insists on.
        var frames = await RawHttp2Exchange.SendAsync(server.Host.Address, "/tessera.test.v1.Missing/Nope", Frames.Message(new EchoRequest()));

        var only = Assert.Single(frames);
        Assert.Equal(Http2Frame.Headers, only.Type);
        Assert.True(only.HasEndStream);
        Assert.Equal(Http2Frame.EndHeaders, only.Flags & Http2Frame.EndHeaders);
    }

    [Fact]
    public async Task UnsupportedEncoding_IsOneHeadersFrameWithEndStream()
    {
        var frames = await RawHttp2Exchange.SendAsync(server.Host.Address, EchoMethods.Echo.FullName,
            Frames.Message(new EchoRequest()), ("grpc-encoding", "gzip"));

        var only = Assert.Single(frames);
        Assert.Equal(Http2Frame.Headers, only.Type);
        Assert.True(only.HasEndStream);
    }

    [Fact]
    public async Task SuccessfulUnary_IsHeadersDataThenTrailersWithEndStream()
    {
        var frames = await RawHttp2Exchange.SendAsync(server.Host.Address, EchoMethods.Echo.FullName, Frames.Message(new EchoRequest { Message = "wire" }));

        Assert.Equal(Http2Frame.Headers, frames[0].Type);
        Assert.False(frames[0].HasEndStream);
        Assert.Contains(frames, f => f.Type == Http2Frame.Data && f.Payload.Length > 0);
        Assert.Equal(Http2Frame.Headers, frames[^1].Type);
        Assert.True(frames[^1].HasEndStream);
    }

    [Fact]
    public async Task UnknownMethod_UnimplementedTrailersOnlyWithMethodNotFound()
    {
        using var raw = new RawGrpcClient();

        var response = await raw.PostAsync(server.Host.Address, "/no.Such/Method", Frames.Message(new EchoRequest()));

        Assert.Equal(200, response.HttpStatus);
        Assert.True(response.TrailersOnly);
        Assert.Equal(StatusCode.Unimplemented, response.Status!.Code);
        Assert.Equal(TransportErrorReason.MethodNotFound, ErrorDetails.ReasonOf(response.Status));
        Assert.Empty(response.Body);
    }

    [Theory]
    [InlineData("/TESSERA.TEST.V1.ECHOSERVICE/ECHO")]
    [InlineData("/tessera.test.v1.EchoService/Echo/")]
    public async Task PathNotExactlyTheMethod_Unimplemented(string path)
    {
        // PROTOCOL-HTTP2.md: Path is case-sensitive, though ASP.NET routing is not.
        using var raw = new RawGrpcClient();
        var runsBefore = server.Probe.HandlerRuns;

        var response = await raw.PostAsync(server.Host.Address, path, Frames.Message(new EchoRequest()));

        Assert.Equal(StatusCode.Unimplemented, response.Status!.Code);
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    [InlineData("Application/GRPC")]
    public async Task ServedContentType_IsAccepted(string contentType)
    {
        using var raw = new RawGrpcClient();

        var response = await raw.PostAsync(server.Host.Address, EchoMethods.Echo.FullName, Frames.Message(new EchoRequest { Message = "ct" }), contentType);

        Assert.Equal(StatusCode.OK, response.Status!.Code);
        Assert.Equal("application/grpc", response.MediaType);
    }

    [Fact]
    public async Task UnsupportedEncoding_UnimplementedAndAdvertisesIdentity()
    {
        using var raw = new RawGrpcClient();
        var runsBefore = server.Probe.HandlerRuns;

        var response = await raw.PostAsync(server.Host.Address, EchoMethods.Echo.FullName, Frames.Message(new EchoRequest()),
            headers: [("grpc-encoding", "snappy")]);

        Assert.Equal(StatusCode.Unimplemented, response.Status!.Code);
        Assert.Equal(TransportErrorReason.UnsupportedEncoding, ErrorDetails.ReasonOf(response.Status));
        Assert.Equal("identity", response.AcceptEncoding);
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
    }

    [Fact]
    public async Task IdentityEncoding_IsAccepted()
    {
        using var raw = new RawGrpcClient();

        var response = await raw.PostAsync(server.Host.Address, EchoMethods.Echo.FullName, Frames.Message(new EchoRequest()),
            headers: [("grpc-encoding", "identity")]);

        Assert.Equal(StatusCode.OK, response.Status!.Code);
    }

    [Fact]
    public async Task UnaryWithTwoMessages_InternalWithoutRunningHandler()
    {
        using var raw = new RawGrpcClient();
        var runsBefore = server.Probe.HandlerRuns;

        var response = await raw.PostAsync(server.Host.Address, EchoMethods.Echo.FullName,
            Frames.Concat(Frames.Message(new EchoRequest()), Frames.Message(new EchoRequest())));

        Assert.Equal(StatusCode.Internal, response.Status!.Code);
        Assert.Equal(TransportErrorReason.TooManyRequests, ErrorDetails.ReasonOf(response.Status));
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
    }

    [Fact]
    public async Task UnaryWithNoMessage_InternalWithoutRunningHandler()
    {
        using var raw = new RawGrpcClient();
        var runsBefore = server.Probe.HandlerRuns;

        var response = await raw.PostAsync(server.Host.Address, EchoMethods.Echo.FullName, []);

        Assert.Equal(StatusCode.Internal, response.Status!.Code);
        Assert.Equal(TransportErrorReason.MissingRequest, ErrorDetails.ReasonOf(response.Status));
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
    }

    [Fact]
    public async Task Http11Request_RefusedClearlyAndConnectionClosed()
    {
        // TRN-1: on an HTTP/2-only cleartext endpoint Kestrel answers HTTP/1.x with a readable 400 and closes.
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(server.Host.Address.Host, server.Host.Address.Port, timeout.Token);
        var stream = client.GetStream();
        var request = $"POST {EchoMethods.Echo.FullName} HTTP/1.1\r\nHost: {server.Host.Address.Authority}\r\nContent-Type: application/grpc\r\nContent-Length: 0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync(timeout.Token);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("HTTP/2", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http11Request_ThroughHttpClient_FailsFastNotHangs()
    {
        using var http = new HttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var content = new ByteArrayContent(Frames.Message(new EchoRequest()));
        content.Headers.TryAddWithoutValidation("content-type", "application/grpc");

        using var response = await http.PostAsync(new Uri(server.Host.Address, EchoMethods.Echo.FullName), content, timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
