using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Client;

/// <summary>
/// Answers a broken deployment might give, and the status the client
/// synthesizes for each (PROTOCOL-HTTP2.md, Responses; http-grpc-status-mapping.md).
/// </summary>
public sealed class ResponseMappingTests : IAsyncLifetime
{
    private GrpcTestHost? _host;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        _host = await GrpcTestHost.StartAsync(endpoints =>
        {
            endpoints.MapPost("/http/{code:int}", (HttpContext context, int code) =>
            {
                context.Response.StatusCode = code;
                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync("not grpc");
            });
            endpoints.MapPost("/bad/html", (HttpContext context) =>
            {
                context.Response.ContentType = "text/html";
                return context.Response.WriteAsync("<html></html>");
            });
            endpoints.MapPost("/bad/no-status", (HttpContext context) =>
            {
                context.Response.ContentType = "application/grpc";
                return Task.CompletedTask;
            });
            endpoints.MapPost("/bad/bad-status", (HttpContext context) =>
            {
                context.Response.ContentType = "application/grpc";
                context.Response.Headers["grpc-status"] = "abc";
                return Task.CompletedTask;
            });
            endpoints.MapPost("/bad/two-messages", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/grpc";
                var frame = Frames.Message(new EchoResponse { Message = "m" });
                await context.Response.Body.WriteAsync(Frames.Concat(frame, frame));
                context.Response.AppendTrailer("grpc-status", "0");
            });
            endpoints.MapPost("/bad/truncated", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(Frames.Frame(0, 10, [1, 2]));
                context.Response.AppendTrailer("grpc-status", "0");
            });
            endpoints.MapPost("/bad/compressed", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(Frames.Frame(1, 0, []));
                context.Response.AppendTrailer("grpc-status", "0");
            });
        });
        _channel = _host.CreateChannel();
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    [InlineData(415, StatusCode.Unknown)]
    public async Task HttpStatusWithoutGrpcStatus_MappedPerTable(int httpStatus, StatusCode expected)
    {
        var ex = await CallAsync("/http/" + httpStatus);

        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains(httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OkWithHtmlContentType_Unknown()
    {
        var ex = await CallAsync("/bad/html");

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("text/html", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamEndsWithoutGrpcStatus_Internal()
    {
        var ex = await CallAsync("/bad/no-status");

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task GrpcStatusNotANumber_Unknown()
    {
        var ex = await CallAsync("/bad/bad-status");

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryAnsweredWithTwoMessages_Internal()
    {
        var ex = await CallAsync("/bad/two-messages");

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(TransportErrorReason.BadResponseCardinality, ErrorDetails.ReasonOf(ex.Status));
    }

    [Fact]
    public async Task ResponseCutMidMessage_Internal()
    {
        var ex = await CallAsync("/bad/truncated");

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(TransportErrorReason.TruncatedMessage, ErrorDetails.ReasonOf(ex.Status));
    }

    [Fact]
    public async Task CompressedResponseWithoutEncoding_Internal()
    {
        var ex = await CallAsync("/bad/compressed");

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(TransportErrorReason.CompressedWithoutEncoding, ErrorDetails.ReasonOf(ex.Status));
    }

    private async Task<RpcException> CallAsync(string path)
    {
        var segments = path.Trim('/').Split('/');
        var method = new Method<EchoRequest, EchoResponse>(MethodType.Unary, segments[0], segments[1]);
        using var call = _channel!.CallUnary(method, new EchoRequest());
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
    }
}
