using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Client.Internal;

/// <summary>
/// Token refresh. Proactive: a timer due at <c>expires_at - RefreshMargin</c>
/// on the server's clock (estimated from <c>server_time</c>, never the local
/// clock alone), or <c>RefreshInterval</c> after the last token, or the
/// <c>token_expiring</c> event, whichever comes first. Reactive: a call that
/// failed with TOKEN_EXPIRED. All of them share one in-flight refresh; calls
/// that arrive while it runs wait for it (the pause), then run once.
/// </summary>
/// <remarks>
/// <see cref="RefreshAsync"/> calls the token provider synchronously, before
/// its first await: a timer firing inside a manual clock's advance has asked
/// for the token by the time the advance returns, which is what lets a test
/// (or the client conformance harness) observe exactly when refreshes happen.
/// </remarks>
internal sealed partial class SessionRuntime
{
    private readonly SemaphoreSlim _updateGate = new(1, 1);
    private DateTimeOffset _expiresAt;
    private DateTimeOffset _lastTokenAt;
    private long _generation;
    private Task? _refreshTask;
    private int _refreshRetries;
    private DateTimeOffset? _lastProviderCall;

    /// <summary>Counts accepted tokens; a caller that saw generation g and then TOKEN_EXPIRED asks for a refresh only if no newer token came since.</summary>
    public long Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    /// <summary>The refresh in flight, or null. Session-bound calls wait for it before they run.</summary>
    public Task? PendingRefresh
    {
        get
        {
            lock (_lock)
            {
                return _refreshTask;
            }
        }
    }

    /// <summary>
    /// Refreshes through the provider unless a token newer than
    /// <paramref name="observedGeneration"/> was accepted meanwhile; joins the
    /// refresh in flight if there is one. Faults with the typed error when the
    /// refresh fails.
    /// </summary>
    public Task RefreshAsync(long observedGeneration)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (_status != RuntimeStatus.Live)
            {
                // A call that failed while the session was failing learns why.
                return Task.FromException(_failure ?? ClientErrors.NoSession($"Session {SessionId} has ended."));
            }

            if (!CanRefresh)
            {
                return Task.FromException(ClientErrors.NoSession("This session has no token provider to refresh with."));
            }

            if (_generation != observedGeneration)
            {
                return Task.CompletedTask;
            }

            if (_refreshTask is { } running)
            {
                return running;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _refreshTask = done.Task;
            _lastProviderCall = _settings.Clock.LocalNow;
        }

        _ = RunRefreshAsync(done);
        return done.Task;
    }

    /// <summary>An update with a token the app supplied (UpdateSessionTokenAsync), or with the provider's.</summary>
    public async Task<Session> UpdateAsync(string token, CancellationToken cancellationToken)
    {
        ThrowIfNotLive();
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token))
        {
            try
            {
                await _updateGate.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw ClientErrors.NoSession($"Session {SessionId} ended before the update was sent.");
            }
        }

        try
        {
            ThrowIfNotLive();
            var sentAt = _settings.Clock.LocalNow;
            UpdateSessionTokenResponse response;
            try
            {
                // Not cancelled when the session stops: when the server ends the session
                // because of this very update (UPD-2, UPD-3), its terminated event may
                // arrive first, and the answer still has to reach the caller.
                response = await _settings.UnaryAsync(
                    _settings.Sessions.UpdateSessionTokenAsync,
                    new UpdateSessionTokenRequest { SessionId = SessionId, Token = token },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException e)
            {
                var typed = ClientErrors.FromRpc(e);
                if (ClientErrors.EndsSession(typed))
                {
                    // UPD-2, UPD-3, UPD-6: the server no longer holds this session live.
                    HandleEnded(ClientErrors.EndReasonOf(typed), typed.Reason, typed.Message, typed);
                }

                throw typed;
            }

            Accept(response.Session, sentAt, _settings.Clock.LocalNow);
            return response.Session;
        }
        finally
        {
            _updateGate.Release();
        }
    }

    private void OnRefreshTimer()
    {
        long generation;
        lock (_lock)
        {
            if (_status != RuntimeStatus.Live)
            {
                return;
            }

            generation = _generation;
        }

        var refresh = RefreshAsync(generation);
        // Failures are handled inside; only keep them from surfacing as unobserved.
        _ = refresh.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunRefreshAsync(TaskCompletionSource done)
    {
        Exception? failure = null;
        var providerFailed = false;
        try
        {
            string? token;
            try
            {
                // Synchronous up to the provider's first await (see the remarks above).
                token = await _settings.TokenProvider!(_stop.Token).AsTask().WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw ClientErrors.NoSession($"Session {SessionId} ended during a token refresh.");
            }
            catch (Exception e)
            {
                providerFailed = true;
                throw ClientErrors.ProviderFailed($"The token provider failed: {e.Message}", e);
            }

            if (string.IsNullOrEmpty(token))
            {
                providerFailed = true;
                throw ClientErrors.ProviderFailed("The token provider returned no token.");
            }

            await UpdateAsync(token, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = ClientErrors.Wrap(e);
        }

        int retry = 0;
        lock (_lock)
        {
            _refreshTask = null;
            if (failure is null)
            {
                _refreshRetries = 0;
            }
            else
            {
                retry = _refreshRetries++;
            }
        }

        if (failure is null)
        {
            done.TrySetResult();
            return;
        }

        if (failure is TesseraClientException typed && IsLive)
        {
            if (providerFailed || !(typed.IsTransient || typed.IsLocal || ClientErrors.EndsSession(typed)))
            {
                // The provider failed, or the server refused its token (TOKEN_INVALID,
                // TOKEN_EXPIRED, TOKEN_STALE, ...): this session cannot be kept alive.
                Fail(typed);
            }
            else if (typed.IsTransient)
            {
                // The server was not reachable: try again after a backoff, while the token lasts.
                _refreshTimer?.Change(_settings.Backoff.DelayFor(retry, Random.Shared.NextDouble()), Timeout.InfiniteTimeSpan);
            }
        }

        done.TrySetException(failure);
    }

    /// <summary>A newer token was accepted: new expiry, new generation, re-armed timer (UPD-5).</summary>
    private void Accept(Session session, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        if (session.ServerTime is { } serverTime)
        {
            _settings.Clock.Observe(serverTime.ToDateTimeOffset(), sentAt, receivedAt);
        }

        lock (_lock)
        {
            _session = session.Clone();
            _generation++;
            if (session.ExpiresAt is { } expiresAt)
            {
                _expiresAt = expiresAt.ToDateTimeOffset();
            }

            _lastTokenAt = session.ServerTime?.ToDateTimeOffset() ?? _settings.Clock.ServerNow;
            _expired = session.State == SessionState.Expired;
        }

        ArmRefresh();
        _owner.OnRuntimeChanged(this);
    }

    /// <summary>(Re)arms the proactive refresh for the current token.</summary>
    private void ArmRefresh()
    {
        if (_refreshTimer is null)
        {
            return;
        }

        TimeSpan delay;
        lock (_lock)
        {
            if (_status != RuntimeStatus.Live)
            {
                return;
            }

            // A margin longer than half the token's life would refresh a fresh token at
            // once, again and again: never before half-life (CLI-1 assumes margin <= half).
            var due = _expiresAt - _settings.RefreshMargin;
            var halfLife = HalfLifeNoLock();
            if (due < halfLife)
            {
                due = halfLife;
            }

            if (_settings.RefreshInterval is { } interval && _lastTokenAt + interval < due)
            {
                due = _lastTokenAt + interval;
            }

            delay = _settings.Clock.DelayUntil(due);
            if (_lastProviderCall is { } last)
            {
                var spacing = last + ClientSettings.MinRefreshSpacing - _settings.Clock.LocalNow;
                if (spacing > delay)
                {
                    delay = spacing;
                }
            }
        }

        // A zero delay fires as soon as the clock lets it (at once on the system clock).
        _refreshTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// token_expiring (EXP-5) or token_expired (EXP-2, <paramref name="expiring"/> false)
    /// arrived at server time <paramref name="eventTime"/>: refresh now unless a newer
    /// token already came. A token_expiring about a token younger than half its life
    /// is left to the timer: with tokens shorter than the server's notice every fresh
    /// token is "expiring" at once, and obeying would refresh in a loop.
    /// </summary>
    private void OnExpiryEvent(bool expiring, DateTimeOffset? eventExpiresAt, DateTimeOffset eventTime)
    {
        if (!CanRefresh)
        {
            return;
        }

        long generation;
        lock (_lock)
        {
            if (_status != RuntimeStatus.Live || (eventExpiresAt is { } at && at < _expiresAt))
            {
                // About a token this client has already replaced: nothing to do.
                return;
            }

            if (expiring && eventTime < HalfLifeNoLock())
            {
                return;
            }

            generation = _generation;
        }

        var refresh = RefreshAsync(generation);
        _ = refresh.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The server time at which the current token has lived half its life (since it was accepted).</summary>
    private DateTimeOffset HalfLifeNoLock() => _lastTokenAt + ((_expiresAt - _lastTokenAt) / 2);
}
