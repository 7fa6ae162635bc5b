using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.ReferenceServer.Tests;

/// <summary>TLS endpoints: gRPC over HTTP/2 with ALPN h2, and nothing else (TRN-1).</summary>
public sealed class TlsTests
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel wants a certificate whose key it can use on any platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static Task<ReferenceServerHost> StartTlsAsync(X509Certificate2 certificate) => ReferenceServerHost.StartAsync(new ReferenceServerSettings
    {
        Tokens = ReferenceServerSettings.Development(useTestClock: false).Tokens,
        Sessions = new Server.Options.TesseraServerOptions(),
        TlsCertificate = certificate,
    });

    private static SocketsHttpHandler Trusting(X509Certificate2 certificate) => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString() },
    };

    [Fact]
    [Trait("Requirement", Req.TRN_1)]
    public async Task GetServerInfo_OverTls_AnswersWithHttp2()
    {
        using var certificate = SelfSigned();
        await using var host = await StartTlsAsync(certificate);
        using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { HttpHandler = Trusting(certificate) });

        var info = await new SessionService.SessionServiceClient(channel).GetServerInfoAsync(new GetServerInfoRequest());

        Assert.Equal("https", host.Address.Scheme);
        Assert.Contains("tessera.v1", info.ProtocolVersions);
    }

    [Fact]
    [Trait("Requirement", Req.TRN_1)]
    public async Task Http11_OverTls_IsRefused()
    {
        using var certificate = SelfSigned();
        await using var host = await StartTlsAsync(certificate);
        using var http = new HttpClient(Trusting(certificate));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Address, "tessera.v1.SessionService/GetServerInfo"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");

        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request));
    }
}
