using Microsoft.Extensions.Hosting;
using Tessera.Server.Sessions;

namespace Tessera.Server.Hosting;

/// <summary>
/// On host shutdown, ends every watch stream with SERVER_SHUTTING_DOWN (EVT-7)
/// before Kestrel drains connections, so no stream holds the shutdown open.
/// </summary>
internal sealed class SessionRegistryShutdown : IHostedService
{
    private readonly SessionRegistry _registry;
    private readonly IHostApplicationLifetime _lifetime;
    private CancellationTokenRegistration _stopping;

    public SessionRegistryShutdown(SessionRegistry registry, IHostApplicationLifetime lifetime)
    {
        _registry = registry;
        _lifetime = lifetime;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = _lifetime.ApplicationStopping.Register(_registry.Shutdown);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        _registry.Shutdown();
        return Task.CompletedTask;
    }
}
