using System.Threading.Channels;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Tessera.Grpc.Internal;

/// <summary>One Health/Watch call; only the latest status matters, so older ones are dropped.</summary>
internal sealed class HealthWatcher(string service)
{
    public string Service { get; } = service;

    public Channel<ServingStatus> Changes { get; } = Channel.CreateBounded<ServingStatus>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
}
