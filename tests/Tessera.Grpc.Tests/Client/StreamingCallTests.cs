using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Client;

/// <summary>Server-streaming and bidirectional calls over real HTTP/2.</summary>
public sealed class StreamingCallTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    [Fact]
    public async Task CallServerStreaming_CountOfFive_ReadsFiveInOrderThenOk()
    {
        using var call = server.Channel.CallServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "s", Count = 5 });

        var indexes = new List<int>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            indexes.Add(response.Index);
        }

        Assert.Equal([0, 1, 2, 3, 4], indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task WriteResponseHeadersAsync_NoMetadata_SendsEmptyHeadersOnceThenRefusesASecondTime()
    {
        using var call = server.Channel.CallServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = EchoHandlers.EmptyHeadersMessage });

        var headers = await call.ResponseHeadersAsync;
        Assert.True(await call.ResponseStream.MoveNext());

        // Only what Kestrel adds to every response: no custom metadata.
        Assert.All(headers, entry => Assert.Contains(entry.Key, new[] { "date", "server" }));
        Assert.Equal(nameof(InvalidOperationException), call.ResponseStream.Current.Message);
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task CallServerStreaming_NoMessages_OkFromTrailersOnly()
    {
        using var call = server.Channel.CallServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "none", Count = 0 });

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task CallServerStreaming_FailureAfterMessages_MessagesThenStatusFromTrailers()
    {
        using var call = server.Channel.CallServerStreaming(EchoMethods.ServerStream, new EchoRequest { Message = "throw-rpc", Count = 2 });

        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("ROLES_MISMATCH", ErrorDetails.ReasonOf(ex.Status));
        Assert.Equal("t-value", ex.Trailers.GetValue("x-trailer"));
    }

    [Fact]
    public async Task CallDuplexStreaming_PingPong_EachRequestAnsweredBeforeTheNextIsSent()
    {
        using var call = server.Channel.CallDuplexStreaming(EchoMethods.Bidi, new CallOptions(new Metadata { { "x-echo-id", "duplex" } }));

        var headers = await call.ResponseHeadersAsync;
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = $"ping {i}" });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal($"ping {i}", call.ResponseStream.Current.Message);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
        Assert.Equal("duplex", headers.GetValue("x-echo-id"));
        Assert.Equal("duplex", call.GetTrailers().GetValue("x-echo-id"));
    }

    [Fact]
    public async Task CallDuplexStreaming_HandlerFails_ReaderThrowsAndWritesStop()
    {
        using var call = server.Channel.CallDuplexStreaming(EchoMethods.Bidi);

        await call.RequestStream.WriteAsync(new EchoRequest { Message = "ok" });
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "throw-rpc" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        var writeEx = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest()));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, writeEx.StatusCode);
    }

    [Fact]
    public async Task CallDuplexStreaming_WriteAfterComplete_Throws()
    {
        using var call = server.Channel.CallDuplexStreaming(EchoMethods.Bidi);
        await call.RequestStream.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new EchoRequest()));
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task CallDuplexStreaming_ManyConcurrentCalls_AllComplete()
    {
        var calls = Enumerable.Range(0, 20).Select(async n =>
        {
            using var call = server.Channel.CallDuplexStreaming(EchoMethods.Bidi);
            for (var i = 0; i < 10; i++)
            {
                await call.RequestStream.WriteAsync(new EchoRequest { Message = $"{n}:{i}" });
            }
            await call.RequestStream.CompleteAsync();
            var received = new List<string>();
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                received.Add(response.Message);
            }
            return received;
        }).ToArray();

        var results = await Task.WhenAll(calls);

        for (var n = 0; n < results.Length; n++)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{n}:{i}"), results[n]);
        }
    }
}
