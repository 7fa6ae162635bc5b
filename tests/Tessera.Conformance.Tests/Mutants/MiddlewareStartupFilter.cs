using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Puts one middleware in front of the server's endpoints: how the wire-level mutants get in.</summary>
internal sealed class MiddlewareStartupFilter(Func<HttpContext, RequestDelegate, Task> middleware) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(middleware);
        next(app);
    };
}
