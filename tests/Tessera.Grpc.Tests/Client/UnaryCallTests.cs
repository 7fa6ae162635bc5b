using Google.Protobuf;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Client;

/// <summary>Unary and client-streaming calls, our client against our server over real HTTP/2.</summary>
public sealed class UnaryCallTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    [Fact]
    public async Task CallUnary_Echo_ReturnsResponseAndOkStatus()
    {
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "hello", Payload = ByteString.CopyFromUtf8("p") });

        var response = await call;

        Assert.Equal("hello", response.Message);
        Assert.Equal("p", response.Payload.ToStringUtf8());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Empty(call.GetTrailers());
    }

    [Fact]
    public async Task CallUnary_MetadataBothWays_HeadersAndTrailersCarryAsciiAndBinary()
    {
        var binary = new byte[] { 0, 1, 2, 0xFE, 0xFF };
        var headers = new Metadata { { "x-echo-ascii", "some value" }, { "x-echo-bin", binary }, { "x-test-id", "metadata" } };

        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "m" }, new CallOptions(headers));
        await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();

        Assert.Equal("some value", responseHeaders.GetValue("x-echo-ascii"));
        Assert.Equal(binary, responseHeaders.GetBytes("x-echo-bin"));
        Assert.Equal("some value", trailers.GetValue("x-echo-ascii"));
        Assert.Equal(binary, trailers.GetBytes("x-echo-bin"));
        Assert.DoesNotContain(trailers, e => e.Key.StartsWith("grpc-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallUnary_HandlerThrowsRpcException_StatusDetailsAndTrailersRoundTrip()
    {
        var expected = EchoHandlers.DetailedError();
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "throw-rpc" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal(expected.Status.Detail, ex.Status.Detail);
        Assert.Equal(expected.Status.Details, ex.Status.Details);
        Assert.Equal("ROLES_MISMATCH", ErrorDetails.ReasonOf(ex.Status));
        Assert.Equal("START_NEW_SESSION", ErrorDetails.ErrorInfoOf(ex.Status)!.Metadata["action"]);
        Assert.Equal("t-value", ex.Trailers.GetValue("x-trailer"));
        Assert.Equal(EchoHandlers.TrailerBytes, ex.Trailers.GetBytes("x-trailer-bin"));
        Assert.Same(call.GetStatus(), ex.Status);
    }

    [Fact]
    public async Task CallUnary_ErrorBeforeAnyMessage_HeadersAreTheTrailersOnlyMetadata()
    {
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "throw-rpc" });

        await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        var headers = await call.ResponseHeadersAsync;

        Assert.Equal("t-value", headers.GetValue("x-trailer"));
    }

    [Fact]
    public async Task CallUnary_HandlerThrowsOtherException_UnknownWithGenericMessage()
    {
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "throw-generic" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
        Assert.DoesNotContain("hunter2", ex.Status.ToString(), StringComparison.Ordinal);
        Assert.Equal(TransportErrorReason.HandlerFailed, ErrorDetails.ReasonOf(ex.Status));
        Assert.Equal(TransportErrorReason.DefaultDomain, ErrorDetails.ErrorInfoOf(ex.Status)!.Domain);
    }

    [Fact]
    public async Task CallUnary_HandlerSetsStatus_StatusSentAndResponseSuppressed()
    {
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "set-status" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("set by the handler", ex.Status.Detail);
    }

    [Fact]
    public async Task CallUnary_UnknownMethod_UnimplementedWithMethodNotFound()
    {
        var missing = new Method<EchoRequest, EchoResponse>(MethodType.Unary, "tessera.test.v1.Missing", "Nope");
        using var call = server.Channel.CallUnary(missing, new EchoRequest());

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Equal(TransportErrorReason.MethodNotFound, ErrorDetails.ReasonOf(ex.Status));
    }

    [Fact]
    public async Task CallUnary_TraceHook_SeesEveryStepInOrder()
    {
        var events = new List<GrpcTraceEvent>();
        using var channel = server.Host.CreateChannel(new GrpcChannelOptions { Trace = e => { lock (events) { events.Add(e); } } });

        await channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "traced" }, new CallOptions(new Metadata { { "x-echo-a", "1" } }));

        Assert.Equal(
            [
                GrpcTraceEventKind.RequestHeaders, GrpcTraceEventKind.RequestMessage, GrpcTraceEventKind.RequestCompleted,
                GrpcTraceEventKind.ResponseHeaders, GrpcTraceEventKind.ResponseMessage, GrpcTraceEventKind.ResponseTrailers,
                GrpcTraceEventKind.Completed,
            ],
            events.Select(e => e.Kind).ToArray());
        Assert.All(events, e => Assert.Equal(EchoMethods.Echo.FullName, e.Method));
        Assert.Contains(new KeyValuePair<string, string>(":path", EchoMethods.Echo.FullName), events[0].Headers);
        Assert.Contains(new KeyValuePair<string, string>("te", "trailers"), events[0].Headers);
        Assert.Contains(new KeyValuePair<string, string>("content-type", "application/grpc"), events[0].Headers);
        Assert.Contains(new KeyValuePair<string, string>(":status", "200"), events[3].Headers);
        Assert.Contains(new KeyValuePair<string, string>("grpc-status", "0"), events[5].Headers);
        Assert.Equal(StatusCode.OK, events[6].Status!.Code);
    }

    [Fact]
    public async Task CallClientStreaming_SeveralRequests_OneResponseAfterHalfClose()
    {
        using var call = server.Channel.CallClientStreaming(EchoMethods.ClientStream);

        foreach (var word in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = word });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal("a,b,c", response.Message);
        Assert.Equal(3, response.Index);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task CallClientStreaming_ServerFailsMidStream_LaterWriteThrowsTheStatus()
    {
        using var call = server.Channel.CallClientStreaming(EchoMethods.ClientStream);

        await call.RequestStream.WriteAsync(new EchoRequest { Message = "throw-rpc" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        var writeEx = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest { Message = "late" }));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, writeEx.StatusCode);
    }

    [Fact]
    public void GetStatus_CallStillRunning_Throws()
    {
        using var call = server.Channel.CallDuplexStreaming(EchoMethods.Bidi);

        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        Assert.Throws<InvalidOperationException>(() => call.GetTrailers());
    }
}
