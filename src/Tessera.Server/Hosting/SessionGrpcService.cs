using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Hosting;
using Grpc.Core;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Events;
using Tessera.Server.Sessions;
using Tessera.Server.Tokens;

namespace Tessera.Server.Hosting;

/// <summary>
/// tessera.v1.SessionService on grpc-dotnet: each handler turns the wire
/// request into one registry call and the registry's answer into a response or
/// a status built by <see cref="ErrorStatus"/>. No rule lives here; they are in
/// <see cref="SessionRegistry"/> and <see cref="ITokenValidator"/>.
/// </summary>
internal sealed class SessionGrpcService : SessionService.SessionServiceBase
{
    private readonly SessionRegistry _registry;
    private readonly ITokenValidator _tokens;
    private readonly ServerInfo _info;
    private readonly TokenValidationMetrics _tokenMetrics;
    private readonly CancellationToken _stopping;

    public SessionGrpcService(SessionRegistry registry, ITokenValidator tokens, ServerInfo info, TokenValidationMetrics tokenMetrics, IHostApplicationLifetime lifetime)
    {
        _stopping = lifetime.ApplicationStopping;
        _registry = registry;
        _tokens = tokens;
        _info = info;
        _tokenMetrics = tokenMetrics;
    }

    /// <summary>INF-1: no credential needed; the values in force, read at answer time.</summary>
    public override Task<GetServerInfoResponse> GetServerInfo(GetServerInfoRequest request, ServerCallContext context)
    {
        var response = _info.Template.Clone();
        response.ServerTime = Timestamp.FromDateTimeOffset(_registry.Time.GetUtcNow());
        return Task.FromResult(response);
    }

    public override Task<StartSessionResponse> StartSession(StartSessionRequest request, ServerCallContext context)
    {
        // SES-4 (draft 2): a token credential set to "" is a missing credential,
        // INVALID_REQUEST like an empty UpdateSessionToken.token, not TOKEN_INVALID.
        var token = request.CredentialCase != StartSessionRequest.CredentialOneofCase.Token ? null
            : request.Token.Length == 0 ? TokenCheck.Missing
            : Check(request.Token);
        var guest = request.CredentialCase == StartSessionRequest.CredentialOneofCase.Guest ? request.Guest.UserId : null;
        var input = new StartSessionInput(request.ClientInstanceId, token, guest, request.ProtocolVersion, request.SchemaHash);
        var result = _registry.Start(input);
        return result.IsSuccess
            ? Task.FromResult(new StartSessionResponse { Session = SessionMapping.ToProto(result.Value!) })
            : Task.FromException<StartSessionResponse>(result.Error.ToRpcException());
    }

    public override Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var result = _registry.Get(request.SessionId);
        return result.IsSuccess
            ? Task.FromResult(new GetSessionResponse { Session = SessionMapping.ToProto(result.Value!) })
            : Task.FromException<GetSessionResponse>(result.Error.ToRpcException());
    }

    public override Task<UpdateSessionTokenResponse> UpdateSessionToken(UpdateSessionTokenRequest request, ServerCallContext context)
    {
        // An empty token is a request-shape error (SES-4), ranked before session
        // lookup (ERR-4); the registry applies that order given TokenCheck.Missing.
        var token = string.IsNullOrEmpty(request.Token) ? TokenCheck.Missing : Check(request.Token);
        var result = _registry.Update(request.SessionId, token);
        return result.IsSuccess
            ? Task.FromResult(new UpdateSessionTokenResponse { Session = SessionMapping.ToProto(result.Value!) })
            : Task.FromException<UpdateSessionTokenResponse>(result.Error.ToRpcException());
    }

    public override Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
    {
        var error = _registry.End(request.SessionId);
        return error is null
            ? Task.FromResult(new EndSessionResponse())
            : Task.FromException<EndSessionResponse>(error.ToRpcException());
    }

    public override async Task WatchSession(WatchSessionRequest request, IServerStreamWriter<WatchSessionResponse> writer, ServerCallContext context)
    {
        var result = _registry.Watch(request.SessionId, request.ResumeAfterSeq);
        if (!result.IsSuccess)
        {
            throw result.Error.ToRpcException();
        }

        using var subscription = result.Value!;
        try
        {
            // Headers go out as soon as the watcher is registered, so a client
            // knows its stream is live (and counted for EVT-6) before any event.
            await context.WriteResponseHeadersAsync(Metadata.Empty);

            // EVT-3: the subscription ends right after the terminal event, and
            // returning here ends the stream with OK. WaitToReadAsync/TryRead
            // rather than ReadAllAsync: an idle watch then holds no async
            // iterator (and its state machine box) besides this method's own.
            while (await subscription.WaitToReadAsync(context.CancellationToken))
            {
                while (subscription.TryRead(out var sessionEvent))
                {
                    await writer.WriteAsync(new WatchSessionResponse { Event = sessionEvent }, context.CancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The call's token and the registry both react to shutdown; whichever
            // comes first, the watcher learns it may resume elsewhere (EVT-7, ERR-1).
            throw new TesseraError(ErrorReasons.ServerShuttingDown, "the server is shutting down; resume with the last seq received").ToRpcException();
        }
        catch (WatchStreamAbortedException aborted)
        {
            // EVT-7 (shutdown) and a watcher that fell behind: both may resume
            // from the last seq they saw, so neither is a domain error.
            var reason = aborted.Reason switch
            {
                WatchAbortReason.ServerShutdown => ErrorReasons.ServerShuttingDown,
                WatchAbortReason.StoreUnavailable => ErrorReasons.StoreUnavailable,
                _ => ErrorReasons.WatcherLagging,
            };
            throw new TesseraError(reason, aborted.Message).ToRpcException();
        }
    }

    private TokenCheck Check(string token)
    {
        var result = _tokens.Validate(token);
        _tokenMetrics.Record(result.Outcome);
        return result.IsValid ? TokenCheck.Valid(result.Token!) : TokenCheck.Invalid(result.Error!);
    }
}
