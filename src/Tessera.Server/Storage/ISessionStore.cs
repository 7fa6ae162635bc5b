using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Tokens;

namespace Tessera.Server.Storage;

/// <summary>
/// The one storage interface of the session domain. Every rule that reads and
/// changes session state is a single atomic compare-and-act operation here, so an
/// implementation over a shared store (Redis: one Lua script or MULTI/EXEC per
/// operation) enforces ONE-1 across every node, and a crash between two steps of
/// a rule cannot exist.
/// </summary>
/// <remarks>
/// <para>Common contract of the mutating operations:</para>
/// <list type="bullet">
/// <item>Atomic and linearizable per session and per instance key: no other
/// operation on the same session, or on a session of the same
/// (issuer, client_instance_id), observes a half-done operation.</item>
/// <item>Events are appended to the session's log inside the operation, numbered
/// 1, 2, 3, ... without gaps (EVT-1), stamped with <c>now</c>, and published to
/// the store's <see cref="Events.ISessionEventSink"/> in seq order before the
/// operation returns (see that interface). A terminated event is always the
/// session's last (EVT-3): no operation appends to a TERMINATED session.</item>
/// <item>Timers are the store's: each operation that changes what should happen
/// later arms or cancels the session's timers and returns the changes as
/// <see cref="TimerRequest"/>s for the scheduler. Each change carries a new
/// per-session generation; <see cref="ApplyTimer"/> acts only when the firing's
/// generation is still the armed one, so late or duplicated firings are harmless.</item>
/// <item>A failed operation changes nothing, except where UPD-2 and UPD-3 say
/// the session is terminated (ERR-6).</item>
/// </list>
/// <para>
/// Termination (any reason) does, in one step: state TERMINATED with the end
/// reason, cancel ExpiringNotice/Expire/Terminate/Disconnect, have the session forgotten
/// no earlier than now + terminated_retention (a RetentionEnd timer; the in-memory store
/// keeps one store-wide sweep), free the instance key, append terminated(reason).
/// </para>
/// </remarks>
internal interface ISessionStore
{
    /// <summary>
    /// How many due timers of different sessions the scheduler may apply at once. 1 for a
    /// store whose operations are local and quick; more where each one waits on a round
    /// trip (a shared store), so expiries keep pace with a crowd of sessions.
    /// </summary>
    int TimerFiringParallelism => 1;

    /// <summary>The session, in any state, or null when unknown or forgotten. Read-only.</summary>
    SessionSnapshot? Get(string sessionId, DateTimeOffset now);

    /// <summary>
    /// Starts a session under the single-session rule, atomically over the instance
    /// key (ONE-1 to ONE-4): with no live session on the key, create it; with a live
    /// one of another identity (issuer, user_id, guest), or of the same identity under
    /// REJECT, fail SESSION_ALREADY_ACTIVE and change nothing (ONE-2, ONE-3); same
    /// identity under REPLACE, terminate the live one SESSION_REPLACED and create the
    /// new one in the same step. The new session is ACTIVE; its timers are armed
    /// (Expire at exp + leeway; ExpiringNotice at exp - notice, or token_expiring
    /// appended at once when that moment has passed, EXP-5; Disconnect at now +
    /// disconnect_grace when that rule is on, EVT-6).
    /// </summary>
    StoreOutcome TryStart(StartCommand command);

    /// <summary>
    /// Applies a validated token to a session, atomically (UPD-2 to UPD-6), checking
    /// in this order: unknown: SESSION_NOT_FOUND; TERMINATED: SESSION_TERMINATED;
    /// another iss or sub, or a guest session: terminate IDENTITY_MISMATCH and fail
    /// so; another role set: terminate ROLES_MISMATCH and fail so; exp earlier than
    /// expires_at: TOKEN_STALE, unchanged. Otherwise replace the claims, set
    /// expires_at, append token_updated, make an EXPIRED session ACTIVE again, and
    /// re-arm the expiry timers for the new exp (cancel Terminate; a token_expiring
    /// is due unless already sent for this expires_at, at once when inside the
    /// notice window).
    /// </summary>
    StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now);

    /// <summary>
    /// Ends a session (END-1, END-2): unknown: SESSION_NOT_FOUND; TERMINATED: OK,
    /// nothing changes; ACTIVE or EXPIRED: terminate ENDED.
    /// </summary>
    StoreOutcome End(string sessionId, DateTimeOffset now);

    /// <summary>
    /// Applies a due timer if <paramref name="generation"/> is still the armed one for
    /// <paramref name="kind"/>, else does nothing. ExpiringNotice: append
    /// token_expiring (EXP-5). Expire, on an ACTIVE session: with expiry_grace > 0
    /// become EXPIRED, append token_expired(terminates_at) and arm Terminate (EXP-2);
    /// with grace 0 terminate TOKEN_EXPIRED (EXP-4). Terminate, on an EXPIRED session:
    /// terminate TOKEN_EXPIRED (EXP-4). Disconnect, with no watcher: terminate
    /// DISCONNECTED (EVT-6). RetentionEnd: forget the terminated sessions whose retention has passed (END-3).
    /// </summary>
    StoreOutcome ApplyTimer(string sessionId, TimerKind kind, ulong generation, DateTimeOffset now);

    /// <summary>
    /// Opens a watch, atomically with reading the replay (EVT-4 to EVT-6): unknown:
    /// SESSION_NOT_FOUND; TERMINATED: the kept events after
    /// <paramref name="resumeAfterSeq"/> when there are any, uncounted, else
    /// SESSION_TERMINATED (RESUME_UNAVAILABLE when they are no longer kept); live:
    /// RESUME_UNAVAILABLE when <paramref name="resumeAfterSeq"/> is beyond the last
    /// event or events after it are no longer kept, else the kept events after it,
    /// and the watcher count goes up (Disconnect cancelled).
    /// </summary>
    WatchOpenOutcome OpenWatch(string sessionId, ulong resumeAfterSeq, DateTimeOffset now);

    /// <summary>
    /// Closes a counted watch: the watcher count goes down; when it reaches 0 on a
    /// live session and disconnect_grace > 0, Disconnect is armed at now +
    /// disconnect_grace (EVT-6). Nothing happens on a terminated or unknown session.
    /// </summary>
    StoreOutcome CloseWatch(string sessionId, DateTimeOffset now);
}
