using Google.Protobuf;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tessera.Grpc.Internal;

namespace Tessera.Grpc;

/// <summary>
/// Maps gRPC methods onto ASP.NET Core endpoint routing: each method is a POST
/// endpoint at its full name (<c>/package.Service/Method</c>). Requires
/// <see cref="GrpcServiceCollectionExtensions.AddTesseraGrpc"/>.
/// </summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    private const string LoggerCategory = "Tessera.Grpc.Server";

    /// <summary>Maps a unary method.</summary>
    public static IEndpointConventionBuilder MapGrpcUnary<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckArguments(endpoints, method, handler, MethodType.Unary);
        var (options, logger, shutdown) = Resolve(endpoints);
        var callHandler = new UnaryServerCallHandler<TRequest, TResponse>(method, handler, options, logger, shutdown);
        return Map(endpoints, method.FullName, callHandler.HandleCallAsync);
    }

    /// <summary>Maps a client-streaming method.</summary>
    public static IEndpointConventionBuilder MapGrpcClientStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckArguments(endpoints, method, handler, MethodType.ClientStreaming);
        var (options, logger, shutdown) = Resolve(endpoints);
        var callHandler = new ClientStreamingServerCallHandler<TRequest, TResponse>(method, handler, options, logger, shutdown);
        return Map(endpoints, method.FullName, callHandler.HandleCallAsync);
    }

    /// <summary>Maps a server-streaming method.</summary>
    public static IEndpointConventionBuilder MapGrpcServerStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckArguments(endpoints, method, handler, MethodType.ServerStreaming);
        var (options, logger, shutdown) = Resolve(endpoints);
        var callHandler = new ServerStreamingServerCallHandler<TRequest, TResponse>(method, handler, options, logger, shutdown);
        return Map(endpoints, method.FullName, callHandler.HandleCallAsync);
    }

    /// <summary>Maps a bidirectional streaming method.</summary>
    public static IEndpointConventionBuilder MapGrpcDuplexStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        CheckArguments(endpoints, method, handler, MethodType.DuplexStreaming);
        var (options, logger, shutdown) = Resolve(endpoints);
        var callHandler = new DuplexStreamingServerCallHandler<TRequest, TResponse>(method, handler, options, logger, shutdown);
        return Map(endpoints, method.FullName, callHandler.HandleCallAsync);
    }

    /// <summary>
    /// Maps <c>grpc.health.v1.Health/Check</c> and <c>/Watch</c> backed by the
    /// <see cref="GrpcHealthService"/> singleton (TRN-8).
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var health = endpoints.ServiceProvider.GetRequiredService<GrpcHealthService>();
        var service = HealthReflection.Descriptor.Services[0];
        var check = Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(service.FindMethodByName("Check"));
        var watch = Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(service.FindMethodByName("Watch"));
        var checkBuilder = endpoints.MapGrpcUnary(check, health.CheckAsync);
        var watchBuilder = endpoints.MapGrpcServerStreaming(watch, health.WatchAsync);
        return new CompositeConventionBuilder([checkBuilder, watchBuilder]);
    }

    /// <summary>
    /// Answers every other POST with UNIMPLEMENTED (Trailers-Only, ErrorInfo
    /// reason METHOD_NOT_FOUND; TRN-5). Non-gRPC content-types still get HTTP 415.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcFallback(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var (options, logger, _) = Resolve(endpoints);
        var handler = new UnimplementedCallHandler(options, logger);
        return endpoints.MapFallback("{**path}", handler.HandleCallAsync)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post]))
            .WithDisplayName("gRPC - unimplemented");
    }

    private static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints, string fullName, RequestDelegate handler) =>
        endpoints.MapPost(fullName, handler).WithDisplayName("gRPC - " + fullName);

    private static void CheckArguments<TRequest, TResponse>(IEndpointRouteBuilder endpoints, Method<TRequest, TResponse> method, Delegate handler, MethodType expected)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != expected)
        {
            throw new ArgumentException($"{method.FullName} is {method.Type}, not {expected}.", nameof(method));
        }
    }

    private static (GrpcServerOptions Options, ILogger Logger, CancellationToken Shutdown) Resolve(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetService<IOptions<GrpcServerOptions>>()?.Value
            ?? throw new InvalidOperationException("Call services.AddTesseraGrpc() before mapping gRPC endpoints.");
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory)
            ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var shutdown = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        return (options, logger, shutdown);
    }
}
