using System.Net;
using System.Net.Sockets;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Client;

/// <summary>Cancellation both ways and connection loss; each waits on signals, never on sleeps.</summary>
public sealed class CancellationTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    [Fact]
    public async Task Dispose_UnaryCallRunning_CancelledAndServerTokenFires()
    {
        var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "wait-cancel" }, WithId("dispose-unary"));
        await server.Probe.Started("dispose-unary");

        call.Dispose();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        var cancelled = await server.Probe.Cancelled("dispose-unary");

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.True(cancelled.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task CancellationToken_DuplexCallRunning_CancelledAndServerTokenFires()
    {
        using var cts = new CancellationTokenSource();
        using var call = server.Channel.CallDuplexStreaming(EchoMethods.Bidi, WithId("token-duplex", cts.Token));
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "first" });
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "wait-cancel" });
        await server.Probe.Started("token-duplex");

        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        var cancelled = await server.Probe.Cancelled("token-duplex");

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.True(cancelled.CancellationToken.IsCancellationRequested);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().Code);
    }

    [Fact]
    public async Task CancellationToken_AlreadyCancelled_FailsAtOnce()
    {
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest(), new CallOptions(cancellationToken: new CancellationToken(true)));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task MoveNextToken_Cancelled_CancelsTheCall()
    {
        using var call = server.Channel.CallServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "wait-cancel", Count = 1 }, WithId("movenext"));
        Assert.True(await call.ResponseStream.MoveNext());
        await server.Probe.Started("movenext");
        using var cts = new CancellationTokenSource();

        var pending = call.ResponseStream.MoveNext(cts.Token);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => pending);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await server.Probe.Cancelled("movenext");
    }

    [Fact]
    public async Task ServerResetsStream_Cancel_ClientSeesCancelled()
    {
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "reset" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task ServerAbortsRequest_ClientSeesInternalPerResetCodeTable()
    {
        // Kestrel aborts an HTTP/2 request with RST_STREAM(INTERNAL_ERROR), which
        // PROTOCOL-HTTP2.md maps to INTERNAL.
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "abort" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal("ok", (await server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "ok" })).Message);
    }

    [Fact]
    public async Task ServerShutsDown_MidStream_HandlerCancelledAndClientSeesUnavailable()
    {
        var probe = new CallProbe();
        var host = await GrpcTestHost.StartAsync(new EchoHandlers(probe).Map);
        using var channel = host.CreateChannel();
        using var call = channel.CallServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "wait-cancel", Count = 1 }, WithId("stop"));
        Assert.True(await call.ResponseStream.MoveNext());
        await probe.Started("stop");

        await host.DisposeAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(TransportErrorReason.ServerShuttingDown, ErrorDetails.ReasonOf(ex.Status));
        await probe.Cancelled("stop");
    }

    [Fact]
    public async Task ConnectionLost_MidStream_ClientSeesUnavailable()
    {
        await using var relay = new TcpRelay(server.Host.Address);
        using var channel = GrpcChannel.ForAddress(relay.Address);
        using var call = channel.CallDuplexStreaming(EchoMethods.Bidi, WithId("cut"));
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "before" });
        Assert.True(await call.ResponseStream.MoveNext());

        relay.CutAll();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("ok", (await server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "ok" })).Message);
    }

    [Fact]
    public async Task ConnectionRefused_Unavailable_NotHttpRequestException()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        using var call = channel.CallUnary(EchoMethods.Echo, new EchoRequest());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    private static CallOptions WithId(string id, CancellationToken cancellationToken = default) =>
        new(new Metadata { { "x-test-id", id } }, cancellationToken: cancellationToken);
}
