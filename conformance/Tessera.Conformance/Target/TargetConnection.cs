using System.Net.Security;
using Google.Protobuf;
using Tessera.Grpc;
using Tessera.Protocol.Testing.V1;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Target;

/// <summary>
/// The suite's only way to reach a target: one HTTP/2 connection pool with
/// the methods of tessera.v1.SessionService and tessera.testing.v1.TestClockService.
/// Every call comes back as an <see cref="Answer{T}"/>, never an exception.
/// </summary>
internal sealed class TargetConnection : IDisposable
{
    private const string SessionService = "tessera.v1.SessionService";
    private const string ClockService = "tessera.testing.v1.TestClockService";

    private static readonly Method<GetServerInfoRequest, GetServerInfoResponse> GetServerInfoMethod = new(MethodType.Unary, SessionService, "GetServerInfo");
    private static readonly Method<StartSessionRequest, StartSessionResponse> StartSessionMethod = new(MethodType.Unary, SessionService, "StartSession");
    private static readonly Method<GetSessionRequest, GetSessionResponse> GetSessionMethod = new(MethodType.Unary, SessionService, "GetSession");
    private static readonly Method<UpdateSessionTokenRequest, UpdateSessionTokenResponse> UpdateMethod = new(MethodType.Unary, SessionService, "UpdateSessionToken");
    private static readonly Method<EndSessionRequest, EndSessionResponse> EndSessionMethod = new(MethodType.Unary, SessionService, "EndSession");
    private static readonly Method<WatchSessionRequest, WatchSessionResponse> WatchMethod = new(MethodType.ServerStreaming, SessionService, "WatchSession");
    private static readonly Method<GetTimeRequest, GetTimeResponse> GetTimeMethod = new(MethodType.Unary, ClockService, "GetTime");
    private static readonly Method<AdvanceTimeRequest, AdvanceTimeResponse> AdvanceTimeMethod = new(MethodType.Unary, ClockService, "AdvanceTime");

    private readonly GrpcChannel _channel;
    private readonly SocketsHttpHandler _handler;
    private readonly TimeSpan _callTimeout;
    private readonly TimeProvider _time;

    public TargetConnection(TargetOptions options, TimeProvider time, bool trace)
    {
        _callTimeout = options.CallTimeout;
        _time = time;
        _handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            ConnectTimeout = options.CallTimeout,
        };
        if (options.AllowUntrustedCertificate)
        {
            _handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        }

        Recorder = trace ? new WireRecorder() : null;
        var channelOptions = new GrpcChannelOptions { HttpHandler = _handler, TimeProvider = time };
        if (Recorder is { } recorder)
        {
            channelOptions.Trace = recorder.Record;
        }

        _channel = GrpcChannel.ForAddress(options.Address, channelOptions);
    }

    /// <summary>The wire trace of this connection; null unless tracing was asked for.</summary>
    public WireRecorder? Recorder { get; }

    public Task<Answer<GetServerInfoResponse>> GetServerInfoAsync(CancellationToken ct) =>
        UnaryAsync(GetServerInfoMethod, new GetServerInfoRequest(), ct);

    public Task<Answer<StartSessionResponse>> StartSessionAsync(StartSessionRequest request, CancellationToken ct) =>
        UnaryAsync(StartSessionMethod, request, ct);

    public Task<Answer<GetSessionResponse>> GetSessionAsync(string sessionId, CancellationToken ct) =>
        UnaryAsync(GetSessionMethod, new GetSessionRequest { SessionId = sessionId }, ct);

    public Task<Answer<UpdateSessionTokenResponse>> UpdateSessionTokenAsync(string sessionId, string token, CancellationToken ct) =>
        UnaryAsync(UpdateMethod, new UpdateSessionTokenRequest { SessionId = sessionId, Token = token }, ct);

    public Task<Answer<EndSessionResponse>> EndSessionAsync(string sessionId, CancellationToken ct) =>
        UnaryAsync(EndSessionMethod, new EndSessionRequest { SessionId = sessionId }, ct);

    public Task<Answer<GetTimeResponse>> GetTimeAsync(CancellationToken ct) =>
        UnaryAsync(GetTimeMethod, new GetTimeRequest(), ct);

    public Task<Answer<AdvanceTimeResponse>> AdvanceTimeAsync(TimeSpan by, CancellationToken ct) =>
        UnaryAsync(AdvanceTimeMethod, new AdvanceTimeRequest { By = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(by) }, ct);

    /// <summary>Opens a watch stream; it has no deadline, since it lives as long as the session or until dropped.</summary>
    public WatchStream Watch(string sessionId, ulong resumeAfterSeq)
    {
        var request = new WatchSessionRequest { SessionId = sessionId, ResumeAfterSeq = resumeAfterSeq };
        return WatchStream.Start(ct => _channel.CallServerStreaming(WatchMethod, request, new CallOptions(cancellationToken: ct)));
    }

    public void Dispose()
    {
        _channel.Dispose();
        _handler.Dispose();
    }

    private async Task<Answer<TResponse>> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CancellationToken ct)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var deadline = _time.GetUtcNow().UtcDateTime + _callTimeout;
        try
        {
            using var call = _channel.CallUnary(method, request, new CallOptions(deadline: deadline, cancellationToken: ct));
            var response = await call.ResponseAsync.ConfigureAwait(false);
            return new Answer<TResponse> { Code = StatusCode.OK, Response = response };
        }
        catch (RpcException e)
        {
            return new Answer<TResponse> { Code = e.StatusCode, Detail = e.Status.Detail, Error = ErrorDetails.From(e.Status.Details) };
        }
    }
}
