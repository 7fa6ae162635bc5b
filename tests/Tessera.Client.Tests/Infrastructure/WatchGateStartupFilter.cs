using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>Puts <see cref="WatchGate"/> in front of the reference server's pipeline.</summary>
internal sealed class WatchGateStartupFilter(WatchGate gate) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) => gate.InvokeAsync(context, nextMiddleware));
        next(app);
    };
}
