using Tessera.Interop.Rpc;
using Tessera.Grpc;
using Tessera.Interop.Health.V1;
using Tessera.Interop.Tests.OurServer;
using Tessera.Interop.Tests.Peers;
using Tessera.Interop.V1;
using StatusCode = Tessera.Grpc.StatusCode;

namespace Tessera.Interop.Tests;

/// <summary>
/// Our client against a third-party server (interop/python/server.py,
/// interop/node/server.js): the same cases the peer clients run against our
/// server, asserted here on our side.
/// </summary>
/// <typeparam name="TServer">The fixture running the peer's server.</typeparam>
public abstract class OurClientToPeerServerTests<TServer> : IClassFixture<TServer>
    where TServer : PeerServerFixture
{
    // Every call carries a deadline so a broken peer fails a test instead of hanging it.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    // Long enough for a loaded machine to reach the peer's handler before it
    // passes, since the peer must see the call start.
    private static readonly TimeSpan ShortDeadline = TimeSpan.FromMilliseconds(1500);
    private const string AsciiKey = "x-interop-ascii";
    private const string AsciiValue = "hello interop 1";
    private const string BinaryKey = "x-interop-bin";

    // Not valid UTF-8, and its base64 needs padding (which grpc stacks may omit).
    private static readonly byte[] BinaryValue = [0x00, 0x01, 0xFE, 0xFF, 0x80];

    // Percent signs and non-ASCII text must survive grpc-message percent-encoding (TRN-7).
    private const string ErrorMessage = "interop failure: 100% sure, ünïcode ✓";

    private readonly TServer _server;

    protected OurClientToPeerServerTests(TServer server)
    {
        _server = server;
    }

    private GrpcChannel Channel => _server.Channel;

    [Fact]
    public async Task Unary_EchoesPayloads()
    {
        foreach (var size in new[] { 0, 1, 1000, 70000 })
        {
            var payload = Payload.Pattern(size);

            var response = await Channel.CallUnary(InteropMethods.Unary, new UnaryRequest { Payload = payload }, Options());

            Assert.Equal(payload, response.Payload);
        }
    }

    [Fact]
    public async Task ServerStreaming_DeliversEveryMessageInOrder()
    {
        int[] sizes = [0, 1, 100, 16384, 16385, 100000, 3];
        var request = new ServerStreamingRequest();
        request.ResponseSizes.Add(sizes);

        using var call = Channel.CallServerStreaming(InteropMethods.ServerStreaming, request, Options());
        var received = new List<ServerStreamingResponse>();
        while (await call.ResponseStream.MoveNext())
        {
            received.Add(call.ResponseStream.Current);
        }

        Assert.Equal(sizes.Length, received.Count);
        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(i, received[i].Index);
            Assert.Equal(Payload.Pattern(sizes[i]), received[i].Payload);
        }
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task Bidi_AnswersEachMessageBeforeTheNextIsSent()
    {
        int[] sizes = [5, 0, 20000, 1, 65536];

        using var call = Channel.CallDuplexStreaming(InteropMethods.Bidi, Options());
        // Ping-pong: a stack that buffers either direction until half-close
        // fails here on the call's deadline.
        for (var i = 0; i < sizes.Length; i++)
        {
            await call.RequestStream.WriteAsync(new BidiRequest { Index = i, Payload = Payload.Pattern(sizes[i]) });
            Assert.True(await call.ResponseStream.MoveNext(), $"no answer to message {i}");
            Assert.Equal(i, call.ResponseStream.Current.Index);
            Assert.Equal(Payload.Pattern(sizes[i]), call.ResponseStream.Current.Payload);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext(), "an answer arrived after half-close");
        Assert.Equal(StatusCode.OK, call.GetStatus().Code);
    }

    // TRN-7: grpc-message percent-decoded, google.rpc.Status from grpc-status-details-bin.
    [Fact]
    public async Task ErrorDetails_ErrorInfoReasonDecodedFromStatusDetailsBin()
    {
        var fail = new ErrorSpec
        {
            Code = (int)StatusCode.FailedPrecondition,
            Message = ErrorMessage,
            Reason = "INTEROP_REASON",
            Domain = "interop.tessera.dev",
            Metadata = { ["attempt"] = "1" },
        };

        var error = await Assert.ThrowsAsync<RpcException>(
            () => Channel.CallUnary(InteropMethods.Unary, new UnaryRequest { Fail = fail }, Options()).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(ErrorMessage, error.Status.Detail);
        var details = Assert.IsType<Google.Rpc.Status>(error.Status.Details);
        Assert.Equal(fail.Code, details.Code);
        Assert.Equal(ErrorMessage, details.Message);
        var detail = Assert.Single(details.Details);
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", detail.TypeUrl);
        var info = detail.Unpack<ErrorInfo>();
        Assert.Equal("INTEROP_REASON", info.Reason);
        Assert.Equal("interop.tessera.dev", info.Domain);
        Assert.Equal("1", Assert.Single(info.Metadata, m => m.Key == "attempt").Value);
    }

    // TRN-4: our grpc-timeout reaches the peer, which ends its handler at the deadline.
    [Fact]
    public async Task Deadline_EndsWithDeadlineExceededSeenByBothSides()
    {
        var id = "csharp-deadline-" + Guid.NewGuid();
        var deadline = TimeProvider.System.GetUtcNow().UtcDateTime + ShortDeadline;

        var error = await Assert.ThrowsAsync<RpcException>(() => Channel.CallUnary(
            InteropMethods.BlockUntilCancelled, new BlockUntilCancelledRequest { Id = id }, new CallOptions(deadline: deadline)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        var seen = await ObserveAsync(id, CallStage.Ended);
        Assert.True(seen.Started, "the server never saw the call");
        Assert.True(seen.HadDeadline, "the server saw no grpc-timeout");
        Assert.True(seen.ObservedCancelled, "the server did not see the call end at its deadline");
    }

    [Fact]
    public async Task Cancel_ObservedByPeerHandler()
    {
        var id = "csharp-cancel-" + Guid.NewGuid();
        using var cancellation = new CancellationTokenSource();
        // No deadline: the call ends only through the cancel, and the server must see none.
        using var call = Channel.CallUnary(
            InteropMethods.BlockUntilCancelled, new BlockUntilCancelledRequest { Id = id }, new CallOptions(cancellationToken: cancellation.Token));
        // The server sends headers once it is inside its handler.
        var headers = await call.ResponseHeadersAsync.WaitAsync(CallTimeout);
        Assert.Equal("1", headers.GetValue("x-interop-blocking"));

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        var seen = await ObserveAsync(id, CallStage.Ended);
        Assert.True(seen.ObservedCancelled, "the server did not see the cancel");
        Assert.False(seen.HadDeadline, "the server saw a deadline the client never set");
    }

    [Fact]
    public async Task Metadata_AsciiAndBinaryEchoedAsHeadersAndTrailers()
    {
        var request = new UnaryRequest { Payload = Payload.Pattern(1), EchoToHeaders = { AsciiKey, BinaryKey }, EchoToTrailers = { AsciiKey, BinaryKey } };
        var sent = new Metadata { { AsciiKey, AsciiValue }, { BinaryKey, BinaryValue } };

        using var call = Channel.CallUnary(InteropMethods.Unary, request, Options(sent));
        await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();

        Assert.Equal(AsciiValue, headers.GetValue(AsciiKey));
        Assert.Equal(BinaryValue, headers.GetBytes(BinaryKey));
        Assert.Equal(AsciiValue, trailers.GetValue(AsciiKey));
        Assert.Equal(BinaryValue, trailers.GetBytes(BinaryKey));
    }

    // TRN-3: the peer server's receive limit; our send limit is raised so the request reaches it.
    [Fact]
    public async Task RequestOverLimit_PeerAnswersResourceExhausted()
    {
        using var channel = GrpcChannel.ForAddress(_server.Address, new GrpcChannelOptions { MaxSendMessageSize = 2 * Payload.DefaultLimit });

        var error = await Assert.ThrowsAsync<RpcException>(
            () => channel.CallUnary(InteropMethods.Unary, new UnaryRequest { Payload = Payload.Pattern(Payload.OverLimit) }, Options()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    // TRN-3: our client's receive limit (4 MiB by default); the peers send without limit.
    [Fact]
    public async Task ResponseOverLimit_ResourceExhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Channel.CallUnary(InteropMethods.Unary, new UnaryRequest { ResponseSize = Payload.OverLimit }, Options()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task MessageAtLimit_Succeeds()
    {
        var payload = Payload.Pattern(Payload.AtLimit);

        var response = await Channel.CallUnary(InteropMethods.Unary, new UnaryRequest { Payload = payload }, Options());

        Assert.Equal(payload, response.Payload);
    }

    // TRN-5.
    [Fact]
    public async Task UnknownMethodOrService_Unimplemented()
    {
        foreach (var method in new[] { InteropMethods.NoSuchMethod, InteropMethods.NoSuchService })
        {
            var error = await Assert.ThrowsAsync<RpcException>(
                () => Channel.CallUnary(method, new UnaryRequest(), Options()).ResponseAsync);

            Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        }
    }

    // TRN-8.
    [Fact]
    public async Task HealthCheck_ServingAndNotFound()
    {
        var whole = await Channel.CallUnary(InteropMethods.HealthCheck, new HealthCheckRequest { Service = "" }, Options());
        var error = await Assert.ThrowsAsync<RpcException>(
            () => Channel.CallUnary(InteropMethods.HealthCheck, new HealthCheckRequest { Service = "no.such.v1.Service" }, Options()).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, whole.Status);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    private static CallOptions Options(Metadata? headers = null) =>
        new(headers, TimeProvider.System.GetUtcNow().UtcDateTime + CallTimeout);

    private async Task<GetCancelObservationResponse> ObserveAsync(string id, CallStage stage) =>
        await Channel.CallUnary(
            InteropMethods.GetCancelObservation,
            new GetCancelObservationRequest { Id = id, WaitMs = 5000, WaitFor = stage },
            Options());
}
