using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Hosting;

namespace Tessera.ReferenceServer.Tests;

public sealed class ShutdownTests
{
    [Fact]
    [Trait("Requirement", Req.EVT_7)]
    public async Task Dispose_WithOpenWatchers_EndsThemUnavailableAndReturns()
    {
        var server = await ServerFixture.StartAsync();
        var session = (await server.StartAsync(await server.TokenAsync())).Session;
        using var watch = server.Sessions.WatchSession(new WatchSessionRequest { SessionId = session.SessionId });
        await watch.ResponseHeadersAsync;

        // The server must stop without waiting for the long-lived stream (its shutdown timeout is 5 s;
        // the deadline here only keeps a regression from hanging the suite).
        var moved = watch.ResponseStream.MoveNext();
        await server.Host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<RpcException>(() => moved.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        var info = Assert.Single(e.GetRpcStatus()!.Details).Unpack<Google.Rpc.ErrorInfo>();
        Assert.Equal("tessera.v1", info.Domain);
        Assert.Equal("SERVER_SHUTTING_DOWN", info.Reason);
        server.Channel.Dispose();
    }
}
