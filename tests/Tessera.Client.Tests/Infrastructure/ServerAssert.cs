using Tessera.Client.Internal;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.V1;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>Assertions about what the server holds, asked over the wire.</summary>
internal static class ServerAssert
{
    /// <summary>The server answers SESSION_TERMINATED with this end reason (END-3, ERR-5).</summary>
    public static async Task TerminatedAsync(TestServer server, string sessionId, SessionEndReason reason)
    {
        var error = ClientErrors.FromRpc(await Assert.ThrowsAsync<RpcException>(() => server.GetAsync(sessionId)));
        Assert.Equal(ErrorReasons.SessionTerminated, error.Reason);
        Assert.Equal(reason, error.EndReason);
    }
}
