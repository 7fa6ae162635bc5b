using System.Collections.Concurrent;
using System.Diagnostics;
using Tessera.Protocol.V1;
using Tessera.Server.Events;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Tokens;

namespace Tessera.Server.Storage;

/// <summary>
/// The embedded <see cref="ISessionStore"/>: one process, all in memory.
/// </summary>
/// <remarks>
/// <para>
/// Atomicity: every operation runs under one lock, the stripe of the session's
/// instance key (issuer, client_instance_id). A session belongs to exactly one
/// instance key for life, so that single lock covers both things any rule touches:
/// the session record and the instance's live-session slot (ONE-1). Sessions of
/// different instances mostly take different stripes and proceed in parallel.
/// </para>
/// <para>
/// Lock order: stripe, then the event sink's own locks (events are published
/// under the stripe so that each session's events reach the sink in seq order).
/// Nothing here calls out to the scheduler or observers; the registry does that
/// after the operation returns.
/// </para>
/// </remarks>
internal sealed partial class InMemorySessionStore : ISessionStore
{
    /// <summary>
    /// The session id of the store's one retention sweep timer (kind
    /// <see cref="TimerKind.RetentionEnd"/>): empty, which no session id ever is.
    /// </summary>
    internal const string RetentionSweepId = "";

    private const int StripeCount = 64;

    private readonly Lock[] _stripes;
    private readonly ConcurrentDictionary<string, StoredSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<InstanceKey, StoredSession> _liveByInstance = new();
    private readonly SessionPolicy _policy;
    private readonly ISessionEventSink _sink;

    public InMemorySessionStore(SessionPolicy policy, ISessionEventSink sink)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _stripes = new Lock[StripeCount];
        for (var i = 0; i < _stripes.Length; i++)
        {
            _stripes[i] = new Lock();
        }
    }

    /// <summary>Sessions held, live or terminated within retention.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Instances with a live session.</summary>
    public int LiveInstanceCount => _liveByInstance.Count;

    /// <inheritdoc />
    public SessionSnapshot? Get(string sessionId, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return null;
        }

        lock (StripeOf(session.Key))
        {
            return session.Forgotten ? null : session.Snapshot(now);
        }
    }

    /// <inheritdoc />
    public StoreOutcome TryStart(StartCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var key = new InstanceKey(command.Issuer, command.ClientInstanceId);
        var userId = command.UserId;
        var roles = command.Roles;
        var now = command.Now;
        var effects = new StoreEffects();
        lock (StripeOf(key))
        {
            // Checked before anything changes: a reused id must not cost the live session.
            if (_sessions.ContainsKey(command.SessionId))
            {
                throw new InvalidOperationException("session id already in use; ids must be fresh (SES-2)");
            }

            if (_liveByInstance.TryGetValue(key, out var live))
            {
                Debug.Assert(live.IsLive, "the instance slot holds only live sessions (ONE-1)");
                var sameIdentity = live.Guest == command.Guest && string.Equals(live.UserId, command.UserId, StringComparison.Ordinal);
                if (!sameIdentity || _policy.SingleSession == SingleSessionPolicy.Reject)
                {
                    // ONE-2, ONE-3 (REJECT): the live session is left exactly as it was.
                    return new StoreOutcome(null, SessionErrors.AlreadyActive());
                }

                // ONE-3 (REPLACE): old out and new in within one step, so no reader
                // ever sees two live sessions on the instance, or none in between.
                Terminate(live, SessionEndReason.SessionReplaced, "a new session for the same user started on this client instance", now, effects);

                // The new session shares the equal strings of the one it replaces, so a
                // chain of replaces retains one copy of them rather than one per retained
                // session, and the request's own copies die young (less GC work).
                key = live.Key;
                userId = live.UserId;
                if (RoleSet.SetEquals(roles, live.Roles))
                {
                    roles = live.Roles;
                }
            }

            var session = new StoredSession(command, key, userId, roles, _policy.EventReplayCapacity);
            var added = _sessions.TryAdd(command.SessionId, session);
            Debug.Assert(added, "the id was checked free under the lock");
            _liveByInstance[key] = session;
            ArmExpiry(session, now, effects);
            if (_policy.DisconnectGrace > TimeSpan.Zero)
            {
                // EVT-6 counts from the start: a session nobody ever watches is disconnected too.
                Arm(session, TimerKind.Disconnect, now + _policy.DisconnectGrace, effects);
            }

            var snapshot = session.Snapshot(now);
            effects.AddTransition(SessionTransitionKind.Started, snapshot);
            return effects.ToOutcome(snapshot);
        }
    }

    /// <inheritdoc />
    public StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return new StoreOutcome(null, SessionErrors.NotFound());
        }

        var roles = RoleSet.Normalize(token.Roles);
        var effects = new StoreEffects();
        lock (StripeOf(session.Key))
        {
            if (session.Forgotten)
            {
                return new StoreOutcome(null, SessionErrors.NotFound());
            }

            if (!session.IsLive)
            {
                return new StoreOutcome(null, SessionErrors.Terminated(session.EndReason));
            }

            // UPD-2: identity is (issuer, user_id, guest); a guest session never takes a token.
            if (session.Guest
                || !string.Equals(token.Issuer, session.Key.Issuer, StringComparison.Ordinal)
                || !string.Equals(token.Subject, session.UserId, StringComparison.Ordinal))
            {
                Terminate(session, SessionEndReason.IdentityMismatch, "the update token names another user or issuer", now, effects);
                return effects.ToOutcome(null, SessionErrors.IdentityMismatch());
            }

            // UPD-3: compared as sets; both sides are normalized.
            if (!RoleSet.SetEquals(roles, session.Roles))
            {
                Terminate(session, SessionEndReason.RolesMismatch, "the update token carries another role set", now, effects);
                return effects.ToOutcome(null, SessionErrors.RolesMismatch());
            }

            // UPD-4: an equal exp is accepted.
            if (token.ExpiresAt < session.ExpiresAt)
            {
                return new StoreOutcome(null, SessionErrors.Stale());
            }

            // UPD-5.
            var revived = session.State == SessionState.Expired;
            session.Roles = roles;
            session.ExpiresAt = token.ExpiresAt;
            session.State = SessionState.Active;
            Append(session, SessionEvents.TokenUpdated(token.ExpiresAt), now);
            Disarm(session, TimerKind.Terminate, effects);
            ArmExpiry(session, now, effects);
            var snapshot = session.Snapshot(now);
            effects.AddTransition(revived ? SessionTransitionKind.Revived : SessionTransitionKind.Updated, snapshot);
            return effects.ToOutcome(snapshot);
        }
    }

    /// <inheritdoc />
    public StoreOutcome End(string sessionId, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return new StoreOutcome(null, SessionErrors.NotFound());
        }

        var effects = new StoreEffects();
        lock (StripeOf(session.Key))
        {
            if (session.Forgotten)
            {
                return new StoreOutcome(null, SessionErrors.NotFound());
            }

            if (session.IsLive)
            {
                // END-1; on a TERMINATED session END-2: OK, nothing changes, no event.
                Terminate(session, SessionEndReason.Ended, "the session was ended", now, effects);
            }

            return effects.ToOutcome(session.Snapshot(now));
        }
    }

    private Lock StripeOf(InstanceKey key) => _stripes[(key.GetHashCode() & int.MaxValue) % StripeCount];

    private void Append(StoredSession session, SessionEvent sessionEvent, DateTimeOffset now)
    {
        Debug.Assert(session.IsLive || SessionEvents.IsTerminal(sessionEvent), "nothing follows the terminated event (EVT-3)");
        session.Events.Append(sessionEvent, now);
        _sink.Publish(session.SessionId, sessionEvent);
    }
}
