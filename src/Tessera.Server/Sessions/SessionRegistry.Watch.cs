using Tessera.Server.Errors;
using Tessera.Server.Events;
using Tessera.Server.Storage;

namespace Tessera.Server.Sessions;

/// <summary>WatchSession (EVT-1 to EVT-7).</summary>
internal sealed partial class SessionRegistry
{
    /// <summary>
    /// Opens a watch stream: the kept events after <paramref name="resumeAfterSeq"/>,
    /// then live ones, ending after the terminated event (EVT-3, EVT-4). Errors:
    /// INVALID_REQUEST, SESSION_NOT_FOUND, RESUME_UNAVAILABLE, and SESSION_TERMINATED
    /// for a terminated session with nothing after <paramref name="resumeAfterSeq"/>
    /// (EVT-5). Works on EXPIRED sessions (EXP-3). The caller must dispose the
    /// subscription when the stream ends, for any reason (EVT-6).
    /// </summary>
    public DomainResult<WatchSubscription> Watch(string sessionId, ulong resumeAfterSeq)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return TesseraError.InvalidRequest("session_id is required");
        }

        // Registered before the replay is read, so no event falls between the two;
        // the subscription drops live events the replay already holds.
        var watcher = _hub.Register(sessionId);
        WatchOpenOutcome open;
        try
        {
            open = _store.OpenWatch(sessionId, resumeAfterSeq, _time.GetUtcNow());
        }
        catch
        {
            // A shared store that cannot be reached throws (fail closed): leave no watcher behind.
            _hub.Unregister(watcher);
            throw;
        }

        Apply(open.Timers, []);
        if (open.Error is { } error)
        {
            _hub.Unregister(watcher);
            return error;
        }

        if (!open.Counted)
        {
            // A terminated session's tail (EVT-5): replay only.
            _hub.Unregister(watcher);
            return DomainResult<WatchSubscription>.Success(new WatchSubscription(sessionId, resumeAfterSeq, open.Replay, null, null, null));
        }

        return DomainResult<WatchSubscription>.Success(new WatchSubscription(sessionId, resumeAfterSeq, open.Replay, watcher, _hub, this));
    }

    void IWatchCloser.CloseWatch(string sessionId) => Apply(_store.CloseWatch(sessionId, _time.GetUtcNow()));
}
