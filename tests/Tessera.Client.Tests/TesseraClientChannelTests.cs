using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Client.Tests.Infrastructure;
using Tessera.Protocol.V1;
using Tessera.Time;

namespace Tessera.Client.Tests;

/// <summary>The client on the standard gRPC stack: a caller's invoker, DI through Grpc.Net.ClientFactory, timeouts on the injected clock.</summary>
public sealed class TesseraClientChannelTests
{
    private static readonly string Start = MethodPaths.StartSession;
    private static readonly string Watch = MethodPaths.WatchSession;
    private static readonly string End = MethodPaths.EndSession;

    [Fact]
    public async Task StartAndEnd_CallerInvokerWithInterceptor_EveryCallGoesThroughIt()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var interceptor = new RecordingInterceptor();
        var client = new TesseraClient(new TesseraClientOptions { CallInvoker = channel.Intercept(interceptor), CallTimeout = null });

        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.StateChanged += (_, e) =>
        {
            if (e.Current == TesseraClientState.Connected)
            {
                connected.TrySetResult();
            }
        };

        var session = await client.StartSessionAsync(server.Token("alice"));
        // The watch stream opens in the background; Connected says it is open.
        await connected.Task.WaitAsync(Timeouts.Event);
        await client.EndSessionAsync();
        await client.DisposeAsync();

        Assert.Null(client.Address);
        await ServerAssert.TerminatedAsync(server, session.SessionId, Protocol.V1.SessionEndReason.Ended);
        Assert.Contains(Watch, interceptor.Methods);
        Assert.Equal([Start, End], interceptor.Methods.Where(m => m != Watch));
    }

    [Fact]
    public void Constructor_AddressAndCallInvokerBoth_ThrowsNamingBoth()
    {
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:1");

        var e = Assert.Throws<ArgumentException>(() => new TesseraClient(new TesseraClientOptions { Address = new Uri("http://127.0.0.1:1"), CallInvoker = channel.CreateCallInvoker() }));

        Assert.Contains("either Address or CallInvoker", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddTesseraClient_ResolvedTwice_OneClientWhoseCallsGoThroughTheFactoryInterceptor()
    {
        await using var server = await TestServer.StartAsync();
        var interceptor = new RecordingInterceptor();
        var services = new ServiceCollection();
        services.AddTesseraClient(o =>
        {
            o.Address = server.Address;
            o.ClientInstanceId = "di-device";
        }).AddInterceptor(() => interceptor);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<TesseraClient>();
        var session = await client.StartSessionAsync(server.Token("carol"));

        Assert.Same(client, provider.GetRequiredService<TesseraClient>());
        Assert.Equal("di-device", session.ClientInstanceId);
        Assert.Equal(Start, interceptor.Methods[0]);
        await client.EndSessionAsync();
    }

    [Fact]
    public async Task GetServerInfoAsync_NoAnswer_FailsDeadlineExceededWhenTheInjectedClockPassesTheTimeout()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var invoker = new SilentCallInvoker();
        await using var client = new TesseraClient(new TesseraClientOptions { CallInvoker = invoker, TimeProvider = clock, CallTimeout = TimeSpan.FromSeconds(30) });

        var call = client.GetServerInfoAsync();
        clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromTicks(1));
        var e = await Assert.ThrowsAsync<TesseraClientException>(() => call.WaitAsync(Timeouts.Event));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Equal(TesseraErrorReasons.Transport, e.Reason);
        Assert.True(e.IsTransient);
        Assert.Equal(1, invoker.Calls);
    }
}
