using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Server;

/// <summary>gRPC over TLS with ALPN h2, and HTTP/1.1 on the same port refused with 426 (TRN-1).</summary>
public sealed class TlsEndpointTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private GrpcTestHost? _host;

    private GrpcTestHost Host => _host!;

    public async Task InitializeAsync() =>
        _host = await GrpcTestHost.StartAsync(
            new EchoHandlers(new CallProbe()).Map,
            listen: kestrel => GrpcKestrel.ListenTls(kestrel, IPAddress.Loopback, 0, _certificate));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _certificate.Dispose();
    }

    [Fact]
    public async Task CallUnary_OverTlsH2_Succeeds()
    {
        using var handler = TrustingHandler();
        using var channel = GrpcChannel.ForAddress(Host.Address, new GrpcChannelOptions { HttpHandler = handler });

        var response = await channel.CallUnary(EchoMethods.Echo, new EchoRequest { Message = "tls" });

        Assert.Equal(Uri.UriSchemeHttps, Host.Address.Scheme);
        Assert.Equal("tls", response.Message);
    }

    [Fact]
    public async Task Http11Request_OverTls_Answered426WithReason()
    {
        using var handler = TrustingHandler();
        using var http = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var content = new ByteArrayContent(Frames.Message(new EchoRequest()));
        content.Headers.TryAddWithoutValidation("content-type", "application/grpc");

        using var response = await http.PostAsync(new Uri(Host.Address, EchoMethods.Echo.FullName), content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Contains("HTTP/2", text, StringComparison.Ordinal);
    }

    private static SocketsHttpHandler TrustingHandler() => new()
    {
        UseProxy = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    };

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
