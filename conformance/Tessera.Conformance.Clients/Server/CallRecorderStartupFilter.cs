using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Tessera.Conformance.Clients.Server;

/// <summary>Puts the <see cref="CallRecorder"/> first in the reference server's pipeline.</summary>
internal sealed class CallRecorderStartupFilter(Func<CallRecorder> recorder) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var calls = recorder();
        app.Use((context, nextMiddleware) => calls.InvokeAsync(context, nextMiddleware));
        next(app);
    };
}
