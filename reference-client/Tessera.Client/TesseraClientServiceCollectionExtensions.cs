using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tessera.Client.Internal;

namespace Tessera.Client;

/// <summary>Registers a <see cref="TesseraClient"/> in a service collection, on Grpc.Net.ClientFactory.</summary>
public static class TesseraClientServiceCollectionExtensions
{
    /// <summary>The name of the gRPC client this registration configures.</summary>
    public const string GrpcClientName = "Tessera";

    /// <summary>
    /// Registers one <see cref="TesseraClient"/> (a singleton: an app instance
    /// holds one session, ONE-1) whose calls go through a gRPC client that
    /// Grpc.Net.ClientFactory builds for <see cref="TesseraClientOptions.Address"/>.
    /// The returned builder configures that client the standard way:
    /// <c>.AddInterceptor(...)</c>, <c>.ConfigurePrimaryHttpMessageHandler(...)</c>,
    /// <c>.ConfigureChannel(...)</c>. <paramref name="configure"/> runs once per
    /// client made; <see cref="TesseraClientOptions.CallInvoker"/> and
    /// <see cref="TesseraClientOptions.HttpHandler"/> are set by the factory and must be left null.
    /// </summary>
    public static IHttpClientBuilder AddTesseraClient(this IServiceCollection services, Action<TesseraClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddGrpcClient<TesseraCallInvoker>(GrpcClientName, grpc => grpc.Address = Configured(configure).Address);
        services.TryAddSingleton(sp =>
        {
            var options = Configured(configure);
            options.Address = null;
            options.CallInvoker = sp.GetRequiredService<GrpcClientFactory>().CreateClient<TesseraCallInvoker>(GrpcClientName).Invoker;
            return new TesseraClient(options);
        });
        return builder;
    }

    private static TesseraClientOptions Configured(Action<TesseraClientOptions> configure)
    {
        var options = new TesseraClientOptions();
        configure(options);
        return options;
    }
}
