using Tessera.Client.Internal;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Client;

/// <summary>The session calls: start, update, get, end, connect, and app calls bound to the session.</summary>
public sealed partial class TesseraClient
{
    /// <summary>
    /// Starts a session with <paramref name="token"/>, or with one from
    /// <see cref="TesseraClientOptions.TokenProvider"/> when it is null (SES-1).
    /// With <see cref="TesseraClientOptions.AutoConnect"/> the watch stream opens
    /// at once. Throws <see cref="SessionAlreadyLiveException"/> while a session
    /// is live (end it first; to switch users, end then start), and
    /// <see cref="TesseraClientException"/> when the server refuses (e.g.
    /// TOKEN_INVALID, SESSION_ALREADY_ACTIVE) or the provider fails.
    /// </summary>
    public Task<Session> StartSessionAsync(string? token = null, CancellationToken cancellationToken = default) =>
        StartCoreAsync(token, guestUserId: null, cancellationToken);

    /// <summary>
    /// Starts a guest session for <paramref name="userId"/> (SES-5), when the
    /// server allows guests. A guest session is never refreshed; it ends at its
    /// <c>expires_at</c>. Same rules as <see cref="StartSessionAsync"/> otherwise.
    /// </summary>
    public Task<Session> StartGuestSessionAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return StartCoreAsync(token: null, guestUserId: userId, cancellationToken);
    }

    /// <summary>
    /// Hands the server a newer token for the live session (UPD-1 to UPD-6); it
    /// must name the same user and roles. A token with other roles or another
    /// user ends the session (ROLES_MISMATCH, IDENTITY_MISMATCH): the call
    /// throws and <see cref="SessionError"/> is raised. Throws NO_SESSION when
    /// there is no live session.
    /// </summary>
    public Task<Session> UpdateSessionTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        return RequireLive().UpdateAsync(token, cancellationToken);
    }

    /// <summary>
    /// Ends the live session (END-1) and returns once its timers, refresh and
    /// stream are gone. Does nothing when there is no session. The client stops
    /// the session locally even when the server cannot be reached, and then
    /// throws the transport error so the app knows the server may still hold it
    /// until it expires.
    /// </summary>
    public async Task EndSessionAsync(CancellationToken cancellationToken = default)
    {
        SessionRuntime? runtime;
        lock (_gate)
        {
            runtime = _current;
        }

        if (runtime is not null)
        {
            await runtime.EndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the watch stream of the live session (for <see cref="TesseraClientOptions.AutoConnect"/> = false). Idempotent.</summary>
    public Task ConnectAsync(CancellationToken cancellationToken = default) => RequireLive().ConnectAsync(cancellationToken);

    /// <summary>
    /// Closes the watch stream and returns once it is closed; the session stays
    /// live, and <see cref="ConnectAsync"/> resumes after the last event seen.
    /// Note that a server with <c>disconnect_grace</c> ends unwatched sessions (EVT-6).
    /// </summary>
    public Task DisconnectAsync()
    {
        SessionRuntime? runtime;
        lock (_gate)
        {
            runtime = _current;
        }

        return runtime?.DisconnectAsync() ?? Task.CompletedTask;
    }

    /// <summary>The live session as the server sees it now (SES-6), refreshing the token first if the server reports it expired.</summary>
    public Task<Session> GetSessionAsync(CancellationToken cancellationToken = default) =>
        RunSessionCallAsync(async (sessionId, ct) =>
        {
            var runtime = RequireLive();
            var sentAt = _settings.Clock.LocalNow;
            var response = await _settings.UnaryAsync(
                _settings.Sessions.GetSessionAsync, new GetSessionRequest { SessionId = sessionId }, ct).ConfigureAwait(false);
            runtime.Observe(response.Session, sentAt, _settings.Clock.LocalNow);
            return response.Session;
        }, cancellationToken);

    /// <summary>
    /// Runs an app call bound to the live session with Tessera's refresh rules:
    /// it waits while a refresh is in flight; if it fails with TOKEN_EXPIRED the
    /// client refreshes once through the token provider (one refresh however
    /// many calls failed) and runs it exactly once more. An answer that the
    /// session is gone ends it. <paramref name="call"/> gets the session id;
    /// its failures reach the app as <see cref="TesseraClientException"/>.
    /// </summary>
    public async Task<T> RunSessionCallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var runtime = RequireLive();
        for (var attempt = 0; ; attempt++)
        {
            if (runtime.PendingRefresh is { } pending)
            {
                try
                {
                    await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && !runtime.IsLive)
                {
                    // The refresh ended the session: tell the caller why.
                    throw e is TesseraClientException typed ? typed : ClientErrors.NoSession();
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A transient refresh failure: run the call anyway and let it speak for itself.
                }
            }

            runtime.ThrowIfNotLive();
            var generation = runtime.Generation;
            try
            {
                return await call(runtime.SessionId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var typed = ClientErrors.Wrap(e);
                if (typed is not TesseraClientException error)
                {
                    throw typed;
                }

                if (error.Reason == ErrorReasons.TokenExpired && attempt == 0 && runtime.CanRefresh)
                {
                    // EXP-3: pause, refresh once (shared by every call that failed alike), replay.
                    runtime.MarkExpired();
                    await runtime.RefreshAsync(generation).WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (error.Reason == ErrorReasons.TokenExpired)
                {
                    runtime.MarkExpired();
                }
                else if (ClientErrors.EndsSession(error))
                {
                    runtime.HandleEnded(ClientErrors.EndReasonOf(error), error.Reason, error.Message, error);
                }

                throw error;
            }
        }
    }

    /// <summary>The server's profile (INF-1): versions, policy, leeway, graces. Needs no session.</summary>
    public async Task<GetServerInfoResponse> GetServerInfoAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        try
        {
            var sentAt = _settings.Clock.LocalNow;
            var info = await _settings.UnaryAsync(_settings.Sessions.GetServerInfoAsync, new GetServerInfoRequest(), cancellationToken).ConfigureAwait(false);
            if (info.ServerTime is { } serverTime)
            {
                _settings.Clock.Observe(serverTime.ToDateTimeOffset(), sentAt, _settings.Clock.LocalNow);
            }

            return info;
        }
        catch (RpcException e)
        {
            throw ClientErrors.FromRpc(e);
        }
    }

    private async Task<Session> StartCoreAsync(string? token, string? guestUserId, CancellationToken cancellationToken)
    {
        await ClaimStartAsync(cancellationToken).ConfigureAwait(false);
        SessionRuntime runtime;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
            var request = new StartSessionRequest
            {
                ClientInstanceId = _settings.ClientInstanceId,
                ProtocolVersion = ClientSettings.ProtocolVersion,
                SchemaHash = _settings.SchemaHash,
            };
            if (guestUserId is not null)
            {
                request.Guest = new GuestCredential { UserId = guestUserId };
            }
            else
            {
                request.Token = token ?? await FetchTokenAsync(linked.Token).ConfigureAwait(false);
            }

            var sentAt = _settings.Clock.LocalNow;
            StartSessionResponse response;
            try
            {
                response = await _settings.UnaryAsync(_settings.Sessions.StartSessionAsync, request, linked.Token).ConfigureAwait(false);
            }
            catch (RpcException e) when (_lifetime.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(TesseraClient), e);
            }
            catch (RpcException e)
            {
                throw ClientErrors.FromRpc(e);
            }

            if (response.Session.ServerTime is { } serverTime)
            {
                _settings.Clock.Observe(serverTime.ToDateTimeOffset(), sentAt, _settings.Clock.LocalNow);
            }

            runtime = new SessionRuntime(this, _settings, response.Session, canRefresh: guestUserId is null);
            lock (_gate)
            {
                _starting = false;
                if (!_disposed)
                {
                    _current = runtime;
                }
            }
        }
        catch
        {
            lock (_gate)
            {
                _starting = false;
            }

            throw;
        }

        if (!ReferenceEquals(CurrentRuntime(), runtime))
        {
            // Disposed while the start was on its way: do not leave the session behind.
            await runtime.EndAsync(CancellationToken.None).ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(TesseraClient));
        }

        SetState(runtime.State);
        runtime.Begin();
        return runtime.Snapshot.Clone();
    }

    /// <summary>Takes the start slot, or throws when a session is live or being started (the single-session rule, client side).</summary>
    private async Task ClaimStartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (_current is { } live)
                {
                    if (!live.IsTerminating)
                    {
                        throw new SessionAlreadyLiveException(live.SessionId, live.UserId);
                    }

                    // A failed session is still ending itself on the server; the slot is free right after.
                    wait = live.Released;
                }
                else if (_starting)
                {
                    throw new SessionAlreadyLiveException(null, null);
                }
                else
                {
                    _starting = true;
                    return;
                }
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var provider = _settings.TokenProvider
            ?? throw new InvalidOperationException("StartSessionAsync needs a token, or a TokenProvider in the options.");
        string? token;
        try
        {
            token = await provider(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw ClientErrors.ProviderFailed($"The token provider failed: {e.Message}", e);
        }

        return string.IsNullOrEmpty(token) ? throw ClientErrors.ProviderFailed("The token provider returned no token.") : token;
    }

    private SessionRuntime RequireLive()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_current is { IsLive: true } live)
            {
                return live;
            }
        }

        throw ClientErrors.NoSession();
    }

    private SessionRuntime? CurrentRuntime()
    {
        lock (_gate)
        {
            return _current;
        }
    }
}
