using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Tessera.Grpc;

/// <summary>
/// A method as the wire names it (<c>:path</c> = <c>/package.Service/Method</c>)
/// with the parsers of its request and response messages.
/// </summary>
/// <typeparam name="TRequest">The request message.</typeparam>
/// <typeparam name="TResponse">The response message.</typeparam>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    /// <summary>Creates a method.</summary>
    /// <param name="type">The call kind.</param>
    /// <param name="serviceName">The fully qualified service name, e.g. <c>tessera.v1.SessionService</c>.</param>
    /// <param name="name">The method name, e.g. <c>StartSession</c>.</param>
    public Method(MethodType type, string serviceName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (serviceName.Contains('/') || name.Contains('/'))
        {
            throw new ArgumentException("Service and method names cannot contain '/'.");
        }
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = "/" + serviceName + "/" + name;
    }

    /// <summary>The call kind.</summary>
    public MethodType Type { get; }

    /// <summary>The fully qualified service name.</summary>
    public string ServiceName { get; }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary>The request path: <c>/ServiceName/Name</c>.</summary>
    public string FullName { get; }

    /// <summary>Parses request messages.</summary>
    public MessageParser<TRequest> RequestParser { get; } = new(static () => new TRequest());

    /// <summary>Parses response messages.</summary>
    public MessageParser<TResponse> ResponseParser { get; } = new(static () => new TResponse());

    /// <summary>
    /// Builds the method a proto descriptor declares, checking that its input
    /// and output types are <typeparamref name="TRequest"/> and
    /// <typeparamref name="TResponse"/>. Throws <see cref="ArgumentException"/> when they are not.
    /// </summary>
    public static Method<TRequest, TResponse> FromDescriptor(MethodDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} takes {descriptor.InputType.FullName}, not {typeof(TRequest).FullName}.", nameof(descriptor));
        }
        if (descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} returns {descriptor.OutputType.FullName}, not {typeof(TResponse).FullName}.", nameof(descriptor));
        }
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(type, descriptor.Service.FullName, descriptor.Name);
    }

    /// <inheritdoc />
    public override string ToString() => FullName;
}
