using Microsoft.AspNetCore.Http;
using Tessera.Protocol.V1;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// Server-side control over the client's watch streams: counts attempts,
/// tracks open streams, drops them (RST_STREAM, as a network cut looks to the
/// client) and can refuse new ones with UNAVAILABLE. Runs as middleware in
/// front of the reference server (see <see cref="WatchGateStartupFilter"/>).
/// </summary>
internal sealed class WatchGate
{
    public static readonly string WatchPath = MethodPaths.WatchSession;

    private readonly Lock _gate = new();
    private readonly List<HttpContext> _open = [];
    private int _attempts;
    private bool _reject;

    public ConditionSignal Changed { get; } = new();

    public int Attempts
    {
        get
        {
            lock (_gate)
            {
                return _attempts;
            }
        }
    }

    public int OpenCount
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>While true, every new watch call is answered UNAVAILABLE at once.</summary>
    public bool Reject
    {
        get
        {
            lock (_gate)
            {
                return _reject;
            }
        }
        set
        {
            lock (_gate)
            {
                _reject = value;
            }
        }
    }

    /// <summary>Aborts every open watch stream.</summary>
    public void DropAll()
    {
        HttpContext[] open;
        lock (_gate)
        {
            open = [.. _open];
        }

        foreach (var context in open)
        {
            context.Abort();
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path != WatchPath)
        {
            await next(context);
            return;
        }

        bool reject;
        lock (_gate)
        {
            _attempts++;
            reject = _reject;
            if (!reject)
            {
                _open.Add(context);
            }
        }

        Changed.Pulse();
        if (reject)
        {
            // A Trailers-Only answer, as a gRPC server that cannot serve the call sends it.
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = "refused by the test";
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(context);
            }

            Changed.Pulse();
        }
    }
}
