using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Client.Internal;

/// <summary>
/// The watch stream (EVT-1 to EVT-7): one loop per connection request that
/// opens WatchSession with <c>resume_after_seq</c> = the last seq handed to
/// the app, hands each new event to the app exactly once and in order, and
/// after a drop waits a jittered exponential backoff before resuming. The
/// terminal event, or an answer saying the session is gone, ends the loop and
/// the session.
/// <code>
///   Connecting --response headers or first event--> Connected
///       ^                                                |
///       +---- backoff (attempt n) &lt;---- drop / OK end without terminated
///   terminated event / SESSION_TERMINATED / SESSION_NOT_FOUND --> session ends
///   RESUME_UNAVAILABLE / other non-transient error --> session fails (events lost)
/// </code>
/// </summary>
internal sealed partial class SessionRuntime
{
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
}
