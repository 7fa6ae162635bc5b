using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Protocol.V1;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.ReferenceServer;

/// <summary>
/// Everything needed to run the reference server in-process (tests, the
/// conformance CLI's embedded target): the token and session options, and a
/// hook that runs after the default services are registered, so a test can
/// replace or decorate a component (for example to build a broken variant).
/// </summary>
public sealed class ReferenceServerSettings
{
    public required TokenValidationOptions Tokens { get; init; }

    public required TesseraServerOptions Sessions { get; init; }

    /// <summary>Runs after the defaults: replace or decorate registered services here.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Minimum level for server logs; defaults to Warning to keep test output readable.</summary>
    public Microsoft.Extensions.Logging.LogLevel MinimumLogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>With a certificate the in-process server listens with TLS (ALPN h2) instead of h2c. Defaults to null.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsCertificate { get; init; }

    /// <summary>Serve grpc.reflection (v1 and v1alpha) so tools can list and call the services. Off by default.</summary>
    public bool EnableReflection { get; init; }

    /// <summary>The issuer tokens must carry (the first configured one).</summary>
    public string Issuer => Tokens.Issuers[0];

    /// <summary>The first HS256 shared secret, as raw bytes, for minting test tokens.</summary>
    public byte[] Hs256Secret => SecretBytes(Tokens.SharedSecrets[0]);

    /// <summary>The key id of the first shared secret.</summary>
    public string? Kid => Tokens.SharedSecrets[0].KeyId;

    /// <summary>
    /// A development profile with a fresh random HS256 secret (kid "dev"),
    /// issuer "tessera-dev", guest sessions on, and the SPEC defaults otherwise.
    /// </summary>
    public static ReferenceServerSettings Development(bool useTestClock, Action<TesseraServerOptions>? sessions = null, Action<IServiceCollection>? configureServices = null)
    {
        var sessionOptions = new TesseraServerOptions { GuestSessionsEnabled = true, TestClockEnabled = useTestClock, SingleSessionPolicy = SingleSessionPolicy.Replace };
        sessions?.Invoke(sessionOptions);
        return new ReferenceServerSettings
        {
            Tokens = new TokenValidationOptions
            {
                Issuers = ["tessera-dev"],
                SharedSecrets =
                [
                    new SharedSecretOptions
                    {
                        KeyId = "dev",
                        Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                        Encoding = SecretEncoding.Base64,
                        Algorithms = ["HS256"],
                    },
                ],
            },
            Sessions = sessionOptions,
            ConfigureServices = configureServices,
        };
    }

    internal static byte[] SecretBytes(SharedSecretOptions secret) => secret.GetSecretBytes();
}
