using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Tessera.ReferenceServer;

/// <summary>
/// One address the server listens on, always HTTP/2 only (TRN-1): cleartext
/// (h2c, prior knowledge) without a certificate, TLS with ALPN h2 with one.
/// </summary>
public sealed record ServerEndpoint(IPEndPoint EndPoint, X509Certificate2? Certificate = null)
{
    /// <summary><c>http://</c> or <c>https://</c> and the address.</summary>
    public string Url => (Certificate is null ? "http://" : "https://") + EndPoint;
}
