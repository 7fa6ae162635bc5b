using Tessera.Protocol.V1;
using Tessera.Server.Events;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;

namespace Tessera.Server.Storage;

/// <summary>
/// A session inside <see cref="InMemorySessionStore"/>. Mutable; every field is
/// read and written only under the lock of its instance key's stripe.
/// </summary>
internal sealed class StoredSession
{
    /// <param name="key">The command's instance key; may hold equal strings of an earlier session, shared.</param>
    /// <param name="userId">The command's user id, or an equal string to share.</param>
    /// <param name="roles">The command's normalized roles, or an equal set to share.</param>
    public StoredSession(StartCommand command, InstanceKey key, string userId, string[] roles, int eventReplayCapacity)
    {
        SessionId = command.SessionId;
        Key = key;
        UserId = userId;
        Guest = command.Guest;
        Roles = roles;
        ExpiresAt = command.ExpiresAt;
        StartedAt = command.Now;
        State = SessionState.Active;
        Events = new SessionEventLog(eventReplayCapacity);
    }

    public string SessionId { get; }

    public InstanceKey Key { get; }

    public string UserId { get; }

    public bool Guest { get; }

    /// <summary>Normalized (sorted ordinal, distinct); replaced, never mutated, so snapshots may share it.</summary>
    public string[] Roles { get; set; }

    public SessionState State { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public SessionEndReason EndReason { get; set; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? TerminatedAt { get; set; }

    /// <summary>The expires_at for which token_expiring was pushed (EXP-5: at most once per value).</summary>
    public DateTimeOffset? NoticeSentFor { get; set; }

    /// <summary>Open, counted watch streams (EVT-6).</summary>
    public int WatcherCount { get; set; }

    /// <summary>Grows with every timer change; stamps each <see cref="TimerRequest"/>.</summary>
    public ulong TimerGeneration { get; set; }

    /// <summary>
    /// Generation of the armed timer per <see cref="TimerKind"/> up to Disconnect; 0 when
    /// disarmed. RetentionEnd is the store's sweep, not a timer of the session. A field so
    /// that the inline array is indexed in place.
    /// </summary>
    public TimerGenerations ArmedTimers;

    public SessionEventLog Events { get; }

    /// <summary>Set when retention ended and the record left the store: operations that raced treat it as unknown.</summary>
    public bool Forgotten { get; set; }

    public bool IsLive => State != SessionState.Terminated;

    public SessionSnapshot Snapshot(DateTimeOffset now) => new(
        SessionId,
        Key.ClientInstanceId,
        Key.Issuer,
        UserId,
        Guest,
        Roles,
        State,
        ExpiresAt,
        EndReason,
        StartedAt,
        TerminatedAt,
        Events.LastSeq,
        now);
}
