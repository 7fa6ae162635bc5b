using System.Net.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Target;

/// <summary>
/// The suite's only way to reach a target: one Grpc.Net.Client channel with the
/// generated clients of tessera.v1.SessionService and tessera.testing.v1.TestClockService.
/// Every call comes back as an <see cref="Answer{T}"/>, never an exception.
/// </summary>
internal sealed class TargetConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SessionService.SessionServiceClient _sessions;
    private readonly TestClockService.TestClockServiceClient _clock;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _time;

    /// <param name="options">The target; <see cref="TargetOptions.Address"/> is the node this connection reaches.</param>
    /// <param name="time">The local clock, for call deadlines.</param>
    /// <param name="trace">Record the wire exchange.</param>
    /// <param name="recorder">With <paramref name="trace"/>, the recorder to write into (one shared by a sequence's connections to every node of a cluster); null: one of its own.</param>
    public TargetConnection(TargetOptions options, TimeProvider time, bool trace, WireRecorder? recorder = null)
    {
        _callTimeout = options.CallTimeout;
        _time = time;
        var sockets = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            ConnectTimeout = options.CallTimeout,
        };
        if (options.AllowUntrustedCertificate)
        {
            sockets.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        }

        Recorder = trace ? recorder ?? new WireRecorder() : null;
        HttpMessageHandler handler = Recorder is { } traced ? new WireTraceHandler(traced.Record) { InnerHandler = sockets } : sockets;
        _channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // A target's answer of any size is a verdict, not a client-side failure.
            MaxReceiveMessageSize = null,
        });
        _sessions = new SessionService.SessionServiceClient(_channel);
        _clock = new TestClockService.TestClockServiceClient(_channel);
    }

    /// <summary>The wire trace of this connection; null unless tracing was asked for.</summary>
    public WireRecorder? Recorder { get; }

    public Task<Answer<GetServerInfoResponse>> GetServerInfoAsync(CancellationToken ct) =>
        UnaryAsync(_sessions.GetServerInfoAsync, new GetServerInfoRequest(), ct);

    public Task<Answer<StartSessionResponse>> StartSessionAsync(StartSessionRequest request, CancellationToken ct) =>
        UnaryAsync(_sessions.StartSessionAsync, request, ct);

    public Task<Answer<GetSessionResponse>> GetSessionAsync(string sessionId, CancellationToken ct) =>
        UnaryAsync(_sessions.GetSessionAsync, new GetSessionRequest { SessionId = sessionId }, ct);

    /// <remarks>Takes the request as the command built it, so a new field of it changes only the command's request job.</remarks>
    public Task<Answer<UpdateSessionTokenResponse>> UpdateSessionTokenAsync(UpdateSessionTokenRequest request, CancellationToken ct) =>
        UnaryAsync(_sessions.UpdateSessionTokenAsync, request, ct);

    public Task<Answer<EndSessionResponse>> EndSessionAsync(string sessionId, CancellationToken ct) =>
        UnaryAsync(_sessions.EndSessionAsync, new EndSessionRequest { SessionId = sessionId }, ct);

    public Task<Answer<GetTimeResponse>> GetTimeAsync(CancellationToken ct) =>
        UnaryAsync(_clock.GetTimeAsync, new GetTimeRequest(), ct);

    public Task<Answer<AdvanceTimeResponse>> AdvanceTimeAsync(TimeSpan by, CancellationToken ct) =>
        UnaryAsync(_clock.AdvanceTimeAsync, new AdvanceTimeRequest { By = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(by) }, ct);

    /// <summary>Opens a watch stream; it has no deadline, since it lives as long as the session or until dropped.</summary>
    /// <remarks>Takes the request as the command built it, so a new field of it changes only the command's request job.</remarks>
    public WatchStream Watch(WatchSessionRequest request) =>
        WatchStream.Start(ct => _sessions.WatchSession(request, new CallOptions(cancellationToken: ct)));

    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// One unary call with the call timeout. The timeout is a cancellation on the
    /// suite's clock rather than a gRPC deadline, so no grpc-timeout header is sent
    /// (the target's answer cannot depend on it) and a slow target is reported as
    /// DEADLINE_EXCEEDED by the suite itself.
    /// </summary>
    private async Task<Answer<TResponse>> UnaryAsync<TRequest, TResponse>(Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> method, TRequest request, CancellationToken ct)
        where TResponse : class, Google.Protobuf.IMessage<TResponse>
    {
        using var timer = new CancellationTokenSource(_callTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            using var call = method(request, new CallOptions(cancellationToken: linked.Token));
            var response = await call.ResponseAsync.ConfigureAwait(false);
            return new Answer<TResponse> { Code = StatusCode.OK, Response = response };
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new Answer<TResponse> { Code = StatusCode.DeadlineExceeded, Detail = $"no answer within {_callTimeout.TotalSeconds:0.###} s" };
        }
        catch (RpcException e)
        {
            return new Answer<TResponse> { Code = e.StatusCode, Detail = e.Status.Detail, Error = ErrorDetails.From(e) };
        }
    }
}
