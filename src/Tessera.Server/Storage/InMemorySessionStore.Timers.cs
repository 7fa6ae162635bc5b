using System.Diagnostics;
using Tessera.Protocol.V1;
using Tessera.Server.Events;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;

namespace Tessera.Server.Storage;

/// <summary>Timers and termination: the expiry state machine of SPEC.md EXP and EVT-6.</summary>
/// <remarks>
/// <code>
///            Expire (grace > 0)          Terminate
///   ACTIVE ---------------------> EXPIRED ---------> TERMINATED(TOKEN_EXPIRED)
///     |  ^        valid update        |
///     |  +----------------------------+
///     +-- Expire (grace 0) ----------------------------> TERMINATED(TOKEN_EXPIRED)
///     +-- Disconnect, End, mismatch, replace ---------> TERMINATED(reason)
///              retention sweep (terminated_retention later): TERMINATED -> forgotten
/// </code>
/// Every timer is armed with a fresh generation and accepted only while that
/// generation is still the armed one, so re-arming or disarming simply makes the
/// earlier firing a no-op wherever it is.
/// </remarks>
internal sealed partial class InMemorySessionStore
{
    // Retention state, read and written only here: terminated sessions in termination
    // order, waiting for terminated_retention to pass (END-3); guarded by
    // _retentionGate, which is taken after a stripe, never before.
    private readonly Queue<StoredSession> _retained = new();
    private readonly Lock _retentionGate = new();
    private ulong _sweepGeneration;

    /// <inheritdoc />
    public StoreOutcome ApplyTimer(string sessionId, TimerKind kind, ulong generation, DateTimeOffset now)
    {
        if (kind == TimerKind.RetentionEnd)
        {
            // Retention is one store-wide sweep, never a per-session timer.
            return string.Equals(sessionId, RetentionSweepId, StringComparison.Ordinal) ? SweepRetained(now) : StoreOutcome.Unchanged;
        }

        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return StoreOutcome.Unchanged;
        }

        var effects = new StoreEffects();
        lock (StripeOf(session.Key))
        {
            var slot = (int)kind;
            if (session.Forgotten || generation == 0 || session.ArmedTimers[slot] != generation)
            {
                return StoreOutcome.Unchanged;
            }

            session.ArmedTimers[slot] = 0;
            switch (kind)
            {
                case TimerKind.ExpiringNotice:
                    // EXP-5: once per expires_at, and never once exp + leeway has passed.
                    if (session.State == SessionState.Active
                        && session.NoticeSentFor != session.ExpiresAt
                        && now < session.ExpiresAt + _policy.ClockSkewLeeway)
                    {
                        session.NoticeSentFor = session.ExpiresAt;
                        Append(session, SessionEvents.TokenExpiring(session.ExpiresAt), now);
                    }

                    break;

                case TimerKind.Expire when session.State == SessionState.Active:
                    Disarm(session, TimerKind.ExpiringNotice, effects);
                    if (_policy.ExpiryGrace > TimeSpan.Zero)
                    {
                        // EXP-2.
                        var terminatesAt = session.ExpiresAt + _policy.ClockSkewLeeway + _policy.ExpiryGrace;
                        session.State = SessionState.Expired;
                        Append(session, SessionEvents.TokenExpired(terminatesAt), now);
                        Arm(session, TimerKind.Terminate, terminatesAt, effects);
                        effects.AddTransition(SessionTransitionKind.Expired, session.Snapshot(now));
                    }
                    else
                    {
                        // EXP-4 with grace 0: straight to TERMINATED, no token_expired.
                        effects.AddTransition(SessionTransitionKind.Expired, session.Snapshot(now));
                        Terminate(session, SessionEndReason.TokenExpired, "the token expired", now, effects);
                    }

                    break;

                case TimerKind.Terminate when session.State == SessionState.Expired:
                    // EXP-4.
                    Terminate(session, SessionEndReason.TokenExpired, "the token expired and no newer token arrived within the expiry grace", now, effects);
                    break;

                case TimerKind.Disconnect when session.IsLive && session.WatcherCount == 0:
                    // EVT-6.
                    Terminate(session, SessionEndReason.Disconnected, "no watch stream was open for the disconnect grace", now, effects);
                    break;
            }

            return effects.ToOutcome(null);
        }
    }

    private static void Arm(StoredSession session, TimerKind kind, DateTimeOffset due, StoreEffects effects)
    {
        var generation = ++session.TimerGeneration;
        session.ArmedTimers[(int)kind] = generation;
        effects.AddTimer(new TimerRequest(session.SessionId, kind, generation, due));
    }

    private static void Disarm(StoredSession session, TimerKind kind, StoreEffects effects)
    {
        if (session.ArmedTimers[(int)kind] == 0)
        {
            return;
        }

        var generation = ++session.TimerGeneration;
        session.ArmedTimers[(int)kind] = 0;
        effects.AddTimer(new TimerRequest(session.SessionId, kind, generation, null));
    }

    /// <summary>Arms Expire and the token_expiring notice for the session's current expires_at (EXP-1, EXP-5, UPD-5).</summary>
    private void ArmExpiry(StoredSession session, DateTimeOffset now, StoreEffects effects)
    {
        var expireAt = session.ExpiresAt + _policy.ClockSkewLeeway;
        Arm(session, TimerKind.Expire, expireAt, effects);

        // EXP-5 (draft 2, over UPD-5's "a new token_expiring is due"): an update
        // with an equal exp re-arms no second notice for the same expires_at.
        if (_policy.ExpiringNotice <= TimeSpan.Zero || session.NoticeSentFor == session.ExpiresAt)
        {
            Disarm(session, TimerKind.ExpiringNotice, effects);
            return;
        }

        var noticeAt = session.ExpiresAt - _policy.ExpiringNotice;
        if (noticeAt > now)
        {
            Arm(session, TimerKind.ExpiringNotice, noticeAt, effects);
            return;
        }

        // EXP-5: the moment has passed already, so the notice goes out now.
        Disarm(session, TimerKind.ExpiringNotice, effects);
        if (now < expireAt)
        {
            session.NoticeSentFor = session.ExpiresAt;
            Append(session, SessionEvents.TokenExpiring(session.ExpiresAt), now);
        }
    }

    private void Terminate(StoredSession session, SessionEndReason reason, string message, DateTimeOffset now, StoreEffects effects)
    {
        Debug.Assert(session.IsLive, "a session terminates once");
        session.State = SessionState.Terminated;
        session.EndReason = reason;
        session.TerminatedAt = now;
        Disarm(session, TimerKind.ExpiringNotice, effects);
        Disarm(session, TimerKind.Expire, effects);
        Disarm(session, TimerKind.Terminate, effects);
        Disarm(session, TimerKind.Disconnect, effects);
        Retain(session, now, effects);
        _liveByInstance.TryRemove(new KeyValuePair<InstanceKey, StoredSession>(session.Key, session));
        Append(session, SessionEvents.Terminated(reason, message), now);
        effects.AddTransition(SessionTransitionKind.Terminated, session.Snapshot(now));
    }

    /// <summary>
    /// Queues a just-terminated session for forgetting at now + terminated_retention
    /// (END-3), and asks for the sweep timer when the queue was empty. One queue slot
    /// per retained session instead of a scheduler node each: at tens of thousands of
    /// replacing starts per second the retained sessions outnumber the live ones by far,
    /// and their timers made every scheduler operation sift a heap of them.
    /// </summary>
    private void Retain(StoredSession session, DateTimeOffset now, StoreEffects effects)
    {
        lock (_retentionGate)
        {
            _retained.Enqueue(session);
            if (_retained.Count == 1)
            {
                effects.AddTimer(new TimerRequest(RetentionSweepId, TimerKind.RetentionEnd, ++_sweepGeneration, now + _policy.TerminatedRetention));
            }
        }
    }

    /// <summary>
    /// Forgets every queued session whose retention has passed, oldest first, and re-arms
    /// the sweep for the next one. The queue is in termination order; on the real clock two
    /// stripes may enqueue a few microseconds out of order, which only makes the later one
    /// wait for its predecessor: END-3 allows forgetting late, never early.
    /// </summary>
    private StoreOutcome SweepRetained(DateTimeOffset now)
    {
        var effects = new StoreEffects();
        while (true)
        {
            StoredSession? session;
            lock (_retentionGate)
            {
                if (!_retained.TryPeek(out session))
                {
                    break;
                }

                var forgetAt = session.TerminatedAt.GetValueOrDefault() + _policy.TerminatedRetention;
                if (forgetAt > now)
                {
                    // A newer generation than any request already handed out, so the
                    // scheduler keeps this one (the queue head is what counts now).
                    effects.AddTimer(new TimerRequest(RetentionSweepId, TimerKind.RetentionEnd, ++_sweepGeneration, forgetAt));
                    break;
                }

                _retained.Dequeue();
            }

            // Stripe after the retention lock is released: Terminate takes them the other way round.
            lock (StripeOf(session.Key))
            {
                Debug.Assert(!session.IsLive, "only terminated sessions are retained");
                // END-3: forgotten; the id is never handed out again (SES-2).
                session.Forgotten = true;
                _sessions.TryRemove(new KeyValuePair<string, StoredSession>(session.SessionId, session));
                effects.AddTransition(SessionTransitionKind.Forgotten, session.Snapshot(now));
            }
        }

        return effects.ToOutcome(null);
    }
}
