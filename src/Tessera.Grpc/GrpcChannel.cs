using Google.Protobuf;
using Tessera.Grpc.Internal;

namespace Tessera.Grpc;

/// <summary>
/// A client for one server address. Calls go over HTTP/2 only
/// (<see cref="HttpVersionPolicy.RequestVersionExact"/>; for <c>http://</c>
/// that is h2c with prior knowledge). Every failure surfaces as
/// <see cref="RpcException"/>. Thread-safe; make one per server and reuse it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly bool _disposeInvoker;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        var handler = options.HttpHandler;
        _disposeInvoker = handler is null;
        handler ??= new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: _disposeInvoker);
    }

    /// <summary>The server address, e.g. <c>http://127.0.0.1:50051</c>.</summary>
    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    /// <summary>Creates a channel; <paramref name="options"/> null means the defaults.</summary>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return ForAddress(new Uri(address, UriKind.Absolute), options);
    }

    /// <summary>Creates a channel; <paramref name="options"/> null means the defaults.</summary>
    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The address must be an absolute http:// or https:// URI.", nameof(address));
        }
        options ??= new GrpcChannelOptions();
        if (options.MaxReceiveMessageSize <= 0 || options.MaxSendMessageSize <= 0)
        {
            throw new ArgumentException("Message size limits must be positive.", nameof(options));
        }
        return new GrpcChannel(address, options);
    }

    /// <summary>Starts a unary call.</summary>
    public AsyncUnaryCall<TResponse> CallUnary<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = CreateCall(method, options);
        call.Start(request);
        return new AsyncUnaryCall<TResponse>(call, ObserveFault(call.ReadSingleResponseAsync()));
    }

    /// <summary>Starts a client-streaming call.</summary>
    public AsyncClientStreamingCall<TRequest, TResponse> CallClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var call = CreateCall(method, options);
        call.Start(null);
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            call, new ClientRequestStreamWriter<TRequest, TResponse>(call), ObserveFault(call.ReadSingleResponseAsync()));
    }

    /// <summary>Starts a server-streaming call.</summary>
    public AsyncServerStreamingCall<TResponse> CallServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = CreateCall(method, options);
        call.Start(request);
        return new AsyncServerStreamingCall<TResponse>(call, new ClientResponseStreamReader<TRequest, TResponse>(call));
    }

    /// <summary>Starts a bidirectional streaming call.</summary>
    public AsyncDuplexStreamingCall<TRequest, TResponse> CallDuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var call = CreateCall(method, options);
        call.Start(null);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            call, new ClientRequestStreamWriter<TRequest, TResponse>(call), new ClientResponseStreamReader<TRequest, TResponse>(call));
    }

    /// <summary>Closes the connections (when the channel made its handler). Running calls fail with UNAVAILABLE or CANCELLED.</summary>
    public void Dispose() => Invoker.Dispose();

    /// <summary>
    /// Marks a response task's failure as observed, so a call that is only
    /// disposed (never awaited) does not raise UnobservedTaskException later.
    /// </summary>
    private static Task<T> ObserveFault<T>(Task<T> task)
    {
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    private GrpcCall<TRequest, TResponse> CreateCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(method);
        return new GrpcCall<TRequest, TResponse>(this, method, options);
    }
}
