using Google.Rpc;
using Tessera.Grpc;

namespace Tessera.ReferenceServer.Tests;

/// <summary>Asserts the whole error contract of ERR-1..ERR-3 on a failed call, not just its code.</summary>
public static class ErrorAssert
{
    public static async Task<ErrorInfo> FailsWith(Task call, StatusCode code, string reason, string? action = null)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(code, e.StatusCode);
        var details = Assert.IsType<Google.Rpc.Status>(e.Status.Details);
        Assert.Equal((int)code, details.Code);
        var info = Assert.Single(details.Details).Unpack<ErrorInfo>();
        Assert.Equal("tessera.v1", info.Domain);
        // CommonProtos 2.0.0 calls ErrorInfo field 1 `Type`; on the wire it is `reason`.
        Assert.Equal(reason, info.Type);
        Assert.True(info.Metadata.ContainsKey("action"), "ErrorInfo must carry an action (ERR-3)");
        if (action is not null)
        {
            Assert.Equal(action, info.Metadata["action"]);
        }

        return info;
    }
}
