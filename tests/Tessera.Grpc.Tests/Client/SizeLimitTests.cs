using Google.Protobuf;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Client;

/// <summary>Message size limits, both sides, both directions (TRN-3).</summary>
public sealed class SizeLimitTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    private const int DefaultLimit = 4 * 1024 * 1024;

    [Fact]
    public async Task ServerReceive_RequestOverDefaultLimit_ResourceExhaustedWithoutRunningHandler()
    {
        using var channel = server.Host.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 2 * DefaultLimit });
        var runsBefore = server.Probe.HandlerRuns;

        using var call = channel.CallUnary(EchoMethods.Echo, new EchoRequest { Payload = ByteString.CopyFrom(new byte[DefaultLimit]) });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(TransportErrorReason.MessageTooLarge, ErrorDetails.ReasonOf(ex.Status));
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
    }

    [Fact]
    public async Task ServerSend_ResponseOverDefaultLimit_ResourceExhausted()
    {
        using var channel = server.Host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 2 * DefaultLimit });

        using var call = channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "grow", Count = DefaultLimit });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(TransportErrorReason.MessageTooLarge, ErrorDetails.ReasonOf(ex.Status));
    }

    [Fact]
    public async Task ServerSend_ResponseJustUnderDefaultLimit_IsDelivered()
    {
        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "grow", Count = DefaultLimit - 64 });

        var response = await call;

        Assert.Equal(DefaultLimit - 64, response.Payload.Length);
    }

    [Fact]
    public async Task ClientReceive_ResponseOverChannelLimit_ResourceExhausted()
    {
        using var channel = server.Host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        using var call = channel.CallServerStreaming(EchoMethods.ServerStream,
            new EchoRequest { Message = "big", Payload = ByteString.CopyFrom(new byte[2048]), Count = 3 });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(TransportErrorReason.MessageTooLarge, ErrorDetails.ReasonOf(ex.Status));
    }

    [Fact]
    public async Task ClientSend_RequestOverChannelLimit_ResourceExhaustedBeforeSending()
    {
        using var channel = server.Host.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        var runsBefore = server.Probe.HandlerRuns;

        using var call = channel.CallUnary(EchoMethods.Echo, new EchoRequest { Payload = ByteString.CopyFrom(new byte[2048]) });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
    }

    [Fact]
    public async Task ClientSend_StreamedRequestOverChannelLimit_ResourceExhaustedAndCallEnds()
    {
        using var channel = server.Host.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        using var call = channel.CallDuplexStreaming(EchoMethods.Bidi);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[2048]) }));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, call.GetStatus().Code);
    }

    [Fact]
    public async Task ServerReceive_ConfiguredSmallerLimit_Applies()
    {
        await using var host = await GrpcTestHost.StartAsync(new EchoHandlers(new CallProbe()).Map, o =>
        {
            o.MaxReceiveMessageSize = 100;
            o.ErrorInfoDomain = "custom.domain";
        });
        using var channel = host.CreateChannel();

        using var call = channel.CallUnary(EchoMethods.Echo, new EchoRequest { Payload = ByteString.CopyFrom(new byte[200]) });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("custom.domain", ErrorDetails.ErrorInfoOf(ex.Status)!.Domain);
        Assert.Equal("small", (await channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "small" })).Message);
    }
}
