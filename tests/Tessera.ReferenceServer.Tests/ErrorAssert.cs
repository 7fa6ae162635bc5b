using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace Tessera.ReferenceServer.Tests;

/// <summary>Asserts the whole error contract of ERR-1..ERR-3 on a failed call, not just its code.</summary>
public static class ErrorAssert
{
    public static async Task<ErrorInfo> FailsWith(Task call, StatusCode code, string reason, string? action = null)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(code, e.StatusCode);
        var details = Assert.IsType<Google.Rpc.Status>(e.GetRpcStatus());
        Assert.Equal((int)code, details.Code);
        var info = Assert.Single(details.Details).Unpack<ErrorInfo>();
        Assert.Equal("tessera.v1", info.Domain);
        Assert.Equal(reason, info.Reason);
        Assert.True(info.Metadata.ContainsKey("action"), "ErrorInfo must carry an action (ERR-3)");
        if (action is not null)
        {
            Assert.Equal(action, info.Metadata["action"]);
        }

        return info;
    }
}
