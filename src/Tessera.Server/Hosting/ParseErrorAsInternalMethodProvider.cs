using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Tessera.Server.Hosting;

/// <summary>
/// Binds every generated gRPC service the way grpc-dotnet's own binder does
/// (the <see cref="BindServiceMethodAttribute"/> on the generated base), with one
/// difference: a request message that does not parse is answered INTERNAL, as the
/// gRPC status-code document and TRN-9 ask. grpc-dotnet 2.85 answers UNKNOWN
/// there (the parse error leaves the generated marshaller as a handler exception)
/// and offers no hook for it, so this binder is written by hand; it replaces the
/// default one in <see cref="TesseraServerServiceCollectionExtensions.AddTesseraServer(Microsoft.Extensions.DependencyInjection.IServiceCollection, Tokens.TokenValidationOptions, Options.TesseraServerOptions)"/>.
/// </summary>
internal sealed class ParseErrorAsInternalMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true) is not { } attribute)
        {
            return;
        }

        // The generated BindService(ServiceBinderBase, TServiceBase): called with no
        // instance, it hands over the method definitions; the handlers are bound
        // to TService's overrides below, as grpc-dotnet's binder does.
        var bind = attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == attribute.BindMethodName && m.GetParameters() is [{ ParameterType: var first }, _] && first == typeof(ServiceBinderBase));
        bind.Invoke(null, [new Binder(context), null]);
    }

    private static Method<TRequest, TResponse> WithInternalOnParseError<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var requests = method.RequestMarshaller;
        var marshaller = Marshallers.Create(requests.ContextualSerializer, context =>
        {
            try
            {
                return requests.ContextualDeserializer(context);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RpcException(new Status(StatusCode.Internal, "The request message does not parse: " + e.Message));
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    private static TDelegate Handler<TDelegate>(IMethod method)
        where TDelegate : Delegate
    {
        // An open-instance delegate over TService's public method: it dispatches to the override.
        var parameters = typeof(TDelegate).GetMethod("Invoke")!.GetParameters().Skip(1).Select(p => p.ParameterType).ToArray();
        var target = typeof(TService).GetMethod(method.Name, BindingFlags.Public | BindingFlags.Instance, parameters)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {method.Name}.");
        return (TDelegate)Delegate.CreateDelegate(typeof(TDelegate), target);
    }

    private static List<object> Metadata(IMethod method) =>
        [.. typeof(TService).GetCustomAttributes(inherit: true), .. typeof(TService).GetMethod(method.Name)?.GetCustomAttributes(inherit: true) ?? []];

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Grpc.Core.UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(WithInternalOnParseError(method), Metadata(method), Handler<Grpc.AspNetCore.Server.Model.UnaryServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Grpc.Core.ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(WithInternalOnParseError(method), Metadata(method), Handler<Grpc.AspNetCore.Server.Model.ServerStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Grpc.Core.ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(WithInternalOnParseError(method), Metadata(method), Handler<Grpc.AspNetCore.Server.Model.ClientStreamingServerMethod<TService, TRequest, TResponse>>(method));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Grpc.Core.DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(WithInternalOnParseError(method), Metadata(method), Handler<Grpc.AspNetCore.Server.Model.DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method));
    }
}
