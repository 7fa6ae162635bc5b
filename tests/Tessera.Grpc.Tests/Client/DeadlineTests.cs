using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;
using Tessera.Time;

namespace Tessera.Grpc.Tests.Client;

/// <summary>
/// Deadlines (TRN-4), made deterministic: the server's and the client's
/// clocks are manual, the handler waits on its token, and the test moves
/// time only once the handler is known to be running.
/// </summary>
public sealed class DeadlineTests(EchoServerFixture server) : IClassFixture<EchoServerFixture>
{
    [Fact]
    public async Task GrpcTimeout_ServerClockPassesIt_HandlerCancelledAndDeadlineExceededSent()
    {
        using var raw = new RawGrpcClient();
        var body = Frames.Message(new EchoRequest { Message = "wait-cancel" });

        var responseTask = raw.PostAsync(server.Host.Address, EchoMethods.Echo.FullName, body,
            headers: [("grpc-timeout", "5S"), ("x-test-id", "server-deadline")]);
        var context = await server.Probe.Started("server-deadline");
        var expectedDeadline = server.ServerClock.GetUtcNow().UtcDateTime.AddSeconds(5);
        server.ServerClock.Advance(TimeSpan.FromSeconds(5));
        var cancelled = await server.Probe.Cancelled("server-deadline");
        var response = await responseTask;

        Assert.Equal(expectedDeadline, context.Deadline);
        Assert.True(cancelled.CancellationToken.IsCancellationRequested);
        Assert.True(response.TrailersOnly);
        Assert.Equal(StatusCode.DeadlineExceeded, response.Status!.Code);
        Assert.Equal(TransportErrorReason.DeadlineExceeded, ErrorDetails.ReasonOf(response.Status));
    }

    [Fact]
    public async Task Deadline_ClientClockPassesIt_DeadlineExceededAndServerTokenFires()
    {
        var clientClock = new ManualTimeProvider(server.ServerClock.GetUtcNow());
        using var channel = server.Host.CreateChannel(new GrpcChannelOptions { TimeProvider = clientClock });
        var deadline = clientClock.GetUtcNow().UtcDateTime.AddSeconds(3);

        using var call = channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "wait-cancel" },
            new CallOptions(new Metadata { { "x-test-id", "client-deadline" } }, deadline));
        var context = await server.Probe.Started("client-deadline");
        clientClock.Advance(TimeSpan.FromSeconds(3));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        var cancelled = await server.Probe.Cancelled("client-deadline");

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(cancelled.CancellationToken.IsCancellationRequested);
        // The client sent grpc-timeout: the server derived a deadline from it (on its own clock).
        Assert.Equal(server.ServerClock.GetUtcNow().UtcDateTime.AddSeconds(3), context.Deadline);
    }

    [Fact]
    public async Task Deadline_AlreadyPassed_FailsWithoutCallingTheServer()
    {
        var runsBefore = server.Probe.HandlerRuns;

        using var call = server.Channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "x" },
            new CallOptions(deadline: DateTime.UtcNow.AddSeconds(-1)));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
        await Assert.ThrowsAsync<RpcException>(() => call.ResponseHeadersAsync);
    }

    [Fact]
    public async Task GrpcTimeout_Malformed_InternalWithoutRunningHandler()
    {
        using var raw = new RawGrpcClient();
        var runsBefore = server.Probe.HandlerRuns;

        var response = await raw.PostAsync(server.Host.Address, EchoMethods.Echo.FullName,
            Frames.Message(new EchoRequest()), headers: [("grpc-timeout", "123456789S")]);

        Assert.Equal(StatusCode.Internal, response.Status!.Code);
        Assert.Equal(TransportErrorReason.MalformedTimeout, ErrorDetails.ReasonOf(response.Status));
        Assert.Equal(runsBefore, server.Probe.HandlerRuns);
    }
}
