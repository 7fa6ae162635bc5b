using Tessera.Server.Errors;
using Tessera.Server.Events;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;

namespace Tessera.Server.Storage;

/// <summary>Watch streams: replay reads and the watcher count (EVT-4 to EVT-6).</summary>
internal sealed partial class InMemorySessionStore
{
    /// <inheritdoc />
    public WatchOpenOutcome OpenWatch(string sessionId, ulong resumeAfterSeq, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return new WatchOpenOutcome(SessionErrors.NotFound(), null, false, null);
        }

        lock (StripeOf(session.Key))
        {
            if (session.Forgotten)
            {
                return new WatchOpenOutcome(SessionErrors.NotFound(), null, false, null);
            }

            var log = session.Events;
            if (!session.IsLive)
            {
                // EVT-5: the tail of a finished session, or SESSION_TERMINATED when there is
                // none, resume_after_seq beyond the last event included (draft 2: not
                // RESUME_UNAVAILABLE, which EVT-4 keeps for live sessions).
                if (resumeAfterSeq >= log.LastSeq)
                {
                    return new WatchOpenOutcome(SessionErrors.Terminated(session.EndReason), null, false, null);
                }

                return log.TryReadAfter(resumeAfterSeq, out var tail)
                    ? new WatchOpenOutcome(null, tail, false, null)
                    : new WatchOpenOutcome(Unavailable(resumeAfterSeq, log), null, false, null);
            }

            if (!log.TryReadAfter(resumeAfterSeq, out var replay))
            {
                return new WatchOpenOutcome(Unavailable(resumeAfterSeq, log), null, false, null);
            }

            var effects = new StoreEffects();
            session.WatcherCount++;
            Disarm(session, TimerKind.Disconnect, effects);
            return new WatchOpenOutcome(null, replay, true, effects.Timers);
        }
    }

    /// <inheritdoc />
    public StoreOutcome CloseWatch(string sessionId, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return StoreOutcome.Unchanged;
        }

        lock (StripeOf(session.Key))
        {
            if (session.Forgotten || !session.IsLive)
            {
                return StoreOutcome.Unchanged;
            }

            if (session.WatcherCount > 0)
            {
                session.WatcherCount--;
            }

            if (session.WatcherCount > 0 || _policy.DisconnectGrace <= TimeSpan.Zero)
            {
                return StoreOutcome.Unchanged;
            }

            // EVT-6: the grace counts from the moment the last watcher left.
            var effects = new StoreEffects();
            Arm(session, TimerKind.Disconnect, now + _policy.DisconnectGrace, effects);
            return effects.ToOutcome(null);
        }
    }

    private static TesseraError Unavailable(ulong resumeAfterSeq, SessionEventLog log) =>
        resumeAfterSeq > log.LastSeq
            ? SessionErrors.ResumeUnavailable($"resume_after_seq {resumeAfterSeq} is beyond the last event ({log.LastSeq})")
            : SessionErrors.ResumeUnavailable($"events after {resumeAfterSeq} are no longer kept; the oldest kept is {log.FirstKeptSeq}");
}
