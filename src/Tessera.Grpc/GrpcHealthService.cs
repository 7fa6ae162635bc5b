using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Health.V1;
using Tessera.Grpc.Internal;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Tessera.Grpc;

/// <summary>
/// The statuses served by <c>grpc.health.v1.Health</c> (doc/health-checking.md,
/// TRN-8). A singleton registered by <see cref="GrpcServiceCollectionExtensions.AddTesseraGrpc"/>;
/// the application calls <see cref="SetStatus"/>. The server as a whole
/// (service <c>""</c>) starts as SERVING; any other service is unknown until set.
/// </summary>
public sealed class GrpcHealthService
{
    private readonly ConcurrentDictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal);
    private readonly Lock _watchersLock = new();
    private readonly List<HealthWatcher> _watchers = [];

    /// <summary>Creates the registry with <c>""</c> = SERVING.</summary>
    public GrpcHealthService()
    {
        _statuses[string.Empty] = ServingStatus.Serving;
    }

    /// <summary>Sets (or registers) a service's status and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        _statuses[service] = status;
        Notify(service, status);
    }

    /// <summary>Forgets a service: Check answers NOT_FOUND and watchers see SERVICE_UNKNOWN. True when it was known.</summary>
    public bool ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var removed = _statuses.TryRemove(service, out _);
        if (removed)
        {
            Notify(service, ServingStatus.ServiceUnknown);
        }
        return removed;
    }

    /// <summary>A service's status, or null when it is unknown.</summary>
    public ServingStatus? GetStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return _statuses.TryGetValue(service, out var status) ? status : null;
    }

    /// <summary>Health/Check: the status, or NOT_FOUND for an unknown service.</summary>
    internal Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context)
    {
        if (_statuses.TryGetValue(request.Service, out var status))
        {
            return Task.FromResult(new HealthCheckResponse { Status = status });
        }
        throw new RpcException(new Status(StatusCode.NotFound, $"Unknown service '{request.Service}'."));
    }

    /// <summary>Health/Watch: the current status at once, then every change, until the call ends.</summary>
    internal async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> responseStream, ServerCallContext context)
    {
        var watcher = new HealthWatcher(request.Service);
        lock (_watchersLock)
        {
            _watchers.Add(watcher);
        }
        try
        {
            ServingStatus? last = null;
            var current = GetStatus(request.Service) ?? ServingStatus.ServiceUnknown;
            while (true)
            {
                if (current != last)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = current }, context.CancellationToken).ConfigureAwait(false);
                    last = current;
                }
                current = await watcher.Changes.Reader.ReadAsync(context.CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_watchersLock)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private void Notify(string service, ServingStatus status)
    {
        lock (_watchersLock)
        {
            foreach (var watcher in _watchers)
            {
                if (watcher.Service == service)
                {
                    watcher.Changes.Writer.TryWrite(status);
                }
            }
        }
    }
}
