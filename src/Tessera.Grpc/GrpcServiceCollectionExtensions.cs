using Microsoft.Extensions.DependencyInjection;

namespace Tessera.Grpc;

/// <summary>Registers the transport's services.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GrpcServerOptions"/> (configured by <paramref name="configure"/>)
    /// and the <see cref="GrpcHealthService"/> singleton. Call before mapping any gRPC endpoint.
    /// </summary>
    public static IServiceCollection AddTesseraGrpc(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }
        builder.Validate(
            static o => o.MaxReceiveMessageSize > 0 && o.MaxSendMessageSize > 0 && !string.IsNullOrEmpty(o.ErrorInfoDomain) && o.TimeProvider is not null,
            "GrpcServerOptions: message size limits must be positive and ErrorInfoDomain and TimeProvider set.");
        services.AddSingleton<GrpcHealthService>();
        services.AddRouting();
        return services;
    }
}
