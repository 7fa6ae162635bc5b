using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Client.Internal;

/// <summary>
/// Everything one live session owns: its last known snapshot, the refresh
/// timer and single in-flight refresh, the watch loop and its resume point.
/// A new runtime per started session, so nothing of an ended session (a late
/// timer, a draining stream) can touch the next one.
/// <code>
///   Live --terminated event / answer that the session is gone--> Stopped
///   Live --fatal refresh failure, lost events--> Terminating (best-effort EndSession) --> Stopped
///   Live --EndSessionAsync / DisposeAsync--> Stopped
/// </code>
/// Leaving Live cancels every background task and disposes the timer; the
/// client is told (<see cref="TesseraClient.OnRuntimeReleased"/>) once the
/// runtime no longer holds the instance's session slot.
/// </summary>
internal sealed class SessionRuntime
{
    private readonly TesseraClient _owner;
    private readonly ClientSettings _settings;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer? _refreshTimer;

    private Session _session;
    private RuntimeStatus _status = RuntimeStatus.Live;
    private bool _expired;
    private bool _endingByApp;
    private Task _cleanup = Task.CompletedTask;
    private TesseraClientException? _failure;

    public SessionRuntime(TesseraClient owner, ClientSettings settings, Session session, bool canRefresh)
    {
        _owner = owner;
        _settings = settings;
        // Copies: the app gets the answers themselves and may change them.
        _session = session.Clone();
        SessionId = session.SessionId;
        UserId = session.UserId;
        CanRefresh = canRefresh && settings.TokenProvider is not null;
        _expiresAt = session.ExpiresAt?.ToDateTimeOffset() ?? settings.Clock.ServerNow;
        _lastTokenAt = session.ServerTime?.ToDateTimeOffset() ?? settings.Clock.ServerNow;
        if (CanRefresh)
        {
            _refreshTimer = settings.Time.CreateTimer(static state => ((SessionRuntime)state!).OnRefreshTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private enum RuntimeStatus
    {
        Live,
        Terminating,
        Stopped,
    }

    public string SessionId { get; }

    public string UserId { get; }

    /// <summary>True when the client refreshes this session through the token provider (not for guests).</summary>
    public bool CanRefresh { get; }

    /// <summary>Completes once the runtime no longer holds the instance's session slot.</summary>
    public Task Released => _released.Task;

    public bool IsLive
    {
        get
        {
            lock (_lock)
            {
                return _status == RuntimeStatus.Live;
            }
        }
    }

    /// <summary>True while a fatal failure is being cleaned up (EndSession on its way).</summary>
    public bool IsTerminating
    {
        get
        {
            lock (_lock)
            {
                return _status == RuntimeStatus.Terminating;
            }
        }
    }

    public Session Snapshot
    {
        get
        {
            lock (_lock)
            {
                return _session;
            }
        }
    }

    /// <summary>The state the app sees while this runtime is the client's session.</summary>
    public TesseraClientState State
    {
        get
        {
            lock (_lock)
            {
                if (_status != RuntimeStatus.Live)
                {
                    return TesseraClientState.Ended;
                }

                if (_expired)
                {
                    return TesseraClientState.Expired;
                }

                return _watchState switch
                {
                    WatchState.Connected => TesseraClientState.Connected,
                    WatchState.Connecting => TesseraClientState.Connecting,
                    _ => TesseraClientState.Disconnected,
                };
            }
        }
    }

    /// <summary>Arms the refresh timer and, with AutoConnect, opens the watch stream.</summary>
    public void Begin()
    {
        ArmRefresh();
        if (_settings.AutoConnect)
        {
            StartWatch();
        }
    }

    /// <summary>Throws the typed NO_SESSION error unless the runtime is live.</summary>
    public void ThrowIfNotLive()
    {
        if (!IsLive)
        {
            throw ClientErrors.NoSession($"Session {SessionId} has ended. Start a new session to continue.");
        }
    }

    /// <summary>Records a snapshot from GetSession (no token change).</summary>
    public void Observe(Session session, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        if (session.ServerTime is { } serverTime)
        {
            _settings.Clock.Observe(serverTime.ToDateTimeOffset(), sentAt, receivedAt);
        }

        lock (_lock)
        {
            _session = session.Clone();
            _expired = session.State == SessionState.Expired;
        }

        _owner.OnRuntimeChanged(this);
    }

    /// <summary>Marks the session expired after a TOKEN_EXPIRED answer (EXP-3).</summary>
    public void MarkExpired()
    {
        lock (_lock)
        {
            if (_status != RuntimeStatus.Live || _expired)
            {
                return;
            }

            _expired = true;
        }

        _owner.OnRuntimeChanged(this);
    }

    /// <summary>The session ended on the server (terminated event, or an answer saying so): stop at once.</summary>
    public void HandleEnded(SessionEndReason? endReason, string reason, string message, Exception? exception)
    {
        bool byApp;
        lock (_lock)
        {
            // Terminating: a failure is already being reported, and its cleanup stops the runtime.
            if (_status != RuntimeStatus.Live)
            {
                return;
            }

            byApp = _endingByApp;
        }

        Stop();
        // The app asked for the end: whatever the server says about it now is not news.
        if (!byApp)
        {
            // One spelling for every termination, whether the terminated event or an
            // answer (ROLES_MISMATCH, SESSION_TERMINATED, ...) told the client first.
            var reported = endReason is not null ? ErrorReasons.SessionTerminated : reason;
            _owner.RaiseSessionError(new TesseraSessionErrorEventArgs(SessionId, reported, TesseraErrorAction.StartNewSession, endReason, message, exception));
        }
    }

    /// <summary>
    /// A failure the session cannot survive on this client (the provider failed,
    /// the server refused the refreshed token, events were lost): stop the
    /// background work, end the session on the server so the instance's slot is
    /// free (best effort), then report the error.
    /// </summary>
    public void Fail(TesseraClientException error)
    {
        lock (_lock)
        {
            if (_status != RuntimeStatus.Live)
            {
                return;
            }

            _status = RuntimeStatus.Terminating;
            _failure = error;
            _cleanup = FailCleanupAsync(error);
        }
    }

    /// <summary>EndSessionAsync: ends the session on the server, then stops. Idempotent.</summary>
    public async Task EndAsync(CancellationToken cancellationToken)
    {
        bool callServer;
        lock (_lock)
        {
            // Terminating already sends its own EndSession; Stopped needs none.
            callServer = _status == RuntimeStatus.Live;
            _endingByApp |= callServer;
        }

        if (!callServer)
        {
            await StopAsync().ConfigureAwait(false);
            return;
        }

        TesseraClientException? failure = null;
        try
        {
            await _settings.UnaryAsync(_settings.Sessions.EndSessionAsync, new EndSessionRequest { SessionId = SessionId }, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            var typed = ClientErrors.FromRpc(e);
            // Already over on the server (END-2, END-3): the end succeeded in effect.
            if (typed.Reason is not (ErrorReasons.SessionTerminated or ErrorReasons.SessionNotFound))
            {
                failure = typed;
            }
        }

        // Stop locally whatever the server said: the app wants this session gone.
        Stop();
        await StopAsync().ConfigureAwait(false);
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Waits until every background task of the runtime has finished. Call after it stopped.</summary>
    public async Task StopAsync()
    {
        Task cleanup;
        lock (_lock)
        {
            cleanup = _cleanup;
        }

        // A failing runtime frees the slot only once its EndSession is through.
        await WaitQuietlyAsync(cleanup).ConfigureAwait(false);
        Stop();
        Task? watch;
        Task? refresh;
        lock (_lock)
        {
            watch = _watchTask;
            refresh = _refreshTask;
        }

        if (watch is not null)
        {
            await WaitQuietlyAsync(watch).ConfigureAwait(false);
        }

        if (refresh is not null)
        {
            await WaitQuietlyAsync(refresh).ConfigureAwait(false);
        }
    }

    /// <summary>Stops everything and releases the slot; idempotent, never blocks.</summary>
    private void Stop()
    {
        lock (_lock)
        {
            if (_status == RuntimeStatus.Stopped)
            {
                return;
            }

            _status = RuntimeStatus.Stopped;
        }

        StopBackground();
        _owner.OnRuntimeReleased(this);
        _released.TrySetResult();
    }

    private void StopBackground()
    {
        _refreshTimer?.Dispose();
        try
        {
            _stop.Cancel();
        }
        catch (AggregateException)
        {
            // A cancellation callback failed; the runtime is stopping anyway.
        }
    }

    private async Task FailCleanupAsync(TesseraClientException error)
    {
        // Runs under _lock until its first await; everything below is after it.
        await Task.Yield();
        StopBackground();
        try
        {
            await _settings.UnaryAsync(_settings.Sessions.EndSessionAsync, new EndSessionRequest { SessionId = SessionId }, CancellationToken.None, _settings.CleanupTimeoutInForce).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Best effort: the session expires on the server anyway.
        }

        Stop();
        _owner.RaiseSessionError(new TesseraSessionErrorEventArgs(SessionId, error.Reason, TesseraErrorAction.StartNewSession, null, error.Message, error));
    }

    private static async Task WaitQuietlyAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The task's failure was handled where it happened; here we only wait for it.
        }
    }

    // The watch stream (EVT-1 to EVT-7): one loop per connection request that
    // opens WatchSession with resume_after_seq = the last seq handed to
    // the app, hands each new event to the app exactly once and in order, and
    // after a drop waits a jittered exponential backoff before resuming. The
    // terminal event, or an answer saying the session is gone, ends the loop and
    // the session.
    //   Connecting --response headers or first event--> Connected
    //       ^                                                |
    //       +---- backoff (attempt n) <---- drop / OK end without terminated
    //   terminated event / SESSION_TERMINATED / SESSION_NOT_FOUND --> session ends
    //   RESUME_UNAVAILABLE / other non-transient error --> session fails (events lost)

    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private WatchState _watchState;
    private Task? _watchTask;
    private CancellationTokenSource? _watchCancel;
    private ulong _lastSeq;

    /// <summary>ConnectAsync: starts the watch loop unless it runs already.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotLive();
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            StartWatch();
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>DisconnectAsync: stops the watch loop and waits for it; the session stays live.</summary>
    public async Task DisconnectAsync()
    {
        await _connectGate.WaitAsync().ConfigureAwait(false);
        try
        {
            Task? task;
            CancellationTokenSource? cancel;
            lock (_lock)
            {
                task = _watchTask;
                cancel = _watchCancel;
                _watchTask = null;
                _watchCancel = null;
            }

            if (cancel is not null)
            {
                await cancel.CancelAsync().ConfigureAwait(false);
            }

            if (task is not null)
            {
                await WaitQuietlyAsync(task).ConfigureAwait(false);
            }

            cancel?.Dispose();
            SetWatchState(WatchState.Idle);
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private void StartWatch()
    {
        CancellationTokenSource cancel;
        lock (_lock)
        {
            if (_status != RuntimeStatus.Live || _watchTask is { IsCompleted: false })
            {
                return;
            }

            cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            _watchCancel = cancel;
            _watchState = WatchState.Connecting;
            // Run the loop off the caller's thread: it calls app code (state and
            // event handlers) that must not run under this lock or inside a start.
            _watchTask = Task.Run(() => WatchLoopAsync(cancel.Token), CancellationToken.None);
        }

        _owner.OnRuntimeChanged(this);
    }

    private async Task WatchLoopAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            SetWatchState(WatchState.Connecting);
            TesseraClientException? failure = null;
            var ended = false;
            try
            {
                ulong resumeAfter;
                lock (_lock)
                {
                    resumeAfter = _lastSeq;
                }

                using var call = _settings.Sessions.WatchSession(
                    new WatchSessionRequest { SessionId = SessionId, ResumeAfterSeq = resumeAfter },
                    new CallOptions(cancellationToken: cancellationToken));
                _ = call.ResponseHeadersAsync.ContinueWith(
                    static (headers, state) => ((SessionRuntime)state!).OnStreamOpened(headers),
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
                while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    SetWatchState(WatchState.Connected);
                    attempt = 0;
                    if (call.ResponseStream.Current.Event is { } wire && OnEvent(wire))
                    {
                        ended = true;
                        break;
                    }
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException e)
            {
                failure = ClientErrors.FromRpc(e);
            }

            if (ended)
            {
                return;
            }

            if (failure is { IsTransient: false })
            {
                if (ClientErrors.EndsSession(failure))
                {
                    HandleEnded(ClientErrors.EndReasonOf(failure), failure.Reason, failure.Message, failure);
                }
                else
                {
                    // RESUME_UNAVAILABLE (EVT-4) and anything else that will not heal by
                    // itself: events may be lost, so the session cannot go on here.
                    Fail(failure);
                }

                return;
            }

            // A drop, or an OK end without the terminal event (a server closing
            // streams): wait, then resume after the last event the app got.
            SetWatchState(WatchState.Connecting);
            var delay = _settings.Backoff.DelayFor(attempt++, Random.Shared.NextDouble());
            try
            {
                await Task.Delay(delay, _settings.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void OnStreamOpened(Task<Metadata> headers)
    {
        if (headers.IsCompletedSuccessfully)
        {
            SetWatchState(WatchState.Connected);
        }
        else
        {
            // Observed here; the loop reports the call's failure.
            _ = headers.Exception;
        }
    }

    /// <summary>Hands one event to the app (unless it is a repeat) and reacts to it; true for the terminal event.</summary>
    private bool OnEvent(SessionEvent wire)
    {
        lock (_lock)
        {
            if (_status == RuntimeStatus.Stopped || wire.Seq <= _lastSeq)
            {
                // A repeat (a server replaying more than asked): the app already has it.
                return false;
            }

            _lastSeq = wire.Seq;
        }

        var sessionEvent = TesseraSessionEvent.FromWire(SessionId, wire);
        if (sessionEvent is null)
        {
            // A kind this client does not know: counted (so resume stays exact), not shown.
            return false;
        }

        switch (sessionEvent.Kind)
        {
            case TesseraSessionEventKind.TokenExpired:
                lock (_lock)
                {
                    _expired = true;
                }

                _owner.OnRuntimeChanged(this);
                break;
            case TesseraSessionEventKind.TokenUpdated:
                bool later;
                lock (_lock)
                {
                    _expired = false;
                    // Normally this client's own update, already applied; a later expiry
                    // means someone else updated the session, so re-arm for it.
                    later = sessionEvent.ExpiresAt is { } at && at > _expiresAt;
                    if (later)
                    {
                        _expiresAt = sessionEvent.ExpiresAt!.Value;
                    }
                }

                if (later)
                {
                    ArmRefresh();
                }

                _owner.OnRuntimeChanged(this);
                break;
        }

        _owner.Deliver(sessionEvent);
        switch (sessionEvent.Kind)
        {
            case TesseraSessionEventKind.TokenExpiring:
                OnExpiryEvent(expiring: true, sessionEvent.ExpiresAt, sessionEvent.Time);
                return false;
            case TesseraSessionEventKind.TokenExpired:
                OnExpiryEvent(expiring: false, null, sessionEvent.Time);
                return false;
            case TesseraSessionEventKind.Terminated:
                var endReason = sessionEvent.EndReason ?? SessionEndReason.Unspecified;
                HandleEnded(endReason, ErrorReasons.SessionTerminated, $"The session ended: {EndReasonNames.NameOf(endReason)}. {sessionEvent.Message}".TrimEnd(), null);
                return true;
            default:
                return false;
        }
    }

    private void SetWatchState(WatchState state)
    {
        lock (_lock)
        {
            if (_watchState == state || _status != RuntimeStatus.Live)
            {
                return;
            }

            _watchState = state;
        }

        _owner.OnRuntimeChanged(this);
    }

    // Token refresh. Proactive: a timer due at expires_at - RefreshMargin
    // on the server's clock (estimated from server_time, never the local
    // clock alone), or RefreshInterval after the last token, or the
    // token_expiring event, whichever comes first. Reactive: a call that
    // failed with TOKEN_EXPIRED. All of them share one in-flight refresh; calls
    // that arrive while it runs wait for it (the pause), then run once.
    // RefreshAsync calls the token provider synchronously, before
    // its first await: a timer firing inside a manual clock's advance has asked
    // for the token by the time the advance returns, which is what lets a test
    // (or the client conformance harness) observe exactly when refreshes happen.

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
