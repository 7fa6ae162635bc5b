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
internal sealed partial class SessionRuntime
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
}
