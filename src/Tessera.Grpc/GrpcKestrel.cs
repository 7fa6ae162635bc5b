using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Tessera.Grpc;

/// <summary>Kestrel endpoints suited to gRPC (TRN-1).</summary>
public static class GrpcKestrel
{
    /// <summary>
    /// Listens for cleartext HTTP/2 with prior knowledge (h2c). The endpoint is
    /// HTTP/2 only, because cleartext Kestrel cannot tell HTTP/1.1 and HTTP/2
    /// apart on one port; an HTTP/1.1 request there is refused by Kestrel with
    /// a plain-text error and the connection closed.
    /// </summary>
    public static void ListenH2c(KestrelServerOptions options, IPAddress address, int port, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(address);
        options.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            configure?.Invoke(listen);
        });
    }

    /// <summary>
    /// Listens for TLS; ALPN offers h2 and http/1.1, and a gRPC request that
    /// arrives over HTTP/1.1 is answered with HTTP 426 and a reason.
    /// </summary>
    public static void ListenTls(KestrelServerOptions options, IPAddress address, int port, X509Certificate2 certificate, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(certificate);
        options.Listen(address, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(certificate);
            configure?.Invoke(listen);
        });
    }
}
