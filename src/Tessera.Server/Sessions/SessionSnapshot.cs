using Tessera.Protocol.V1;

namespace Tessera.Server.Sessions;

/// <summary>
/// A session as the store held it at <see cref="AsOf"/>: immutable, safe to hand
/// to any thread. <see cref="SessionMapping.ToProto"/> turns it into the wire
/// <c>Session</c>.
/// </summary>
/// <param name="Roles">Sorted by ordinal order and distinct (SES-7).</param>
/// <param name="ExpiresAt">The token's exp; for a guest, start + guest_session_lifetime (SES-5).</param>
/// <param name="EndReason">Set once <see cref="State"/> is TERMINATED.</param>
/// <param name="LastEventSeq">The seq of the session's last event; 0 before the first (EVT-1).</param>
/// <param name="AsOf">The server's clock when the snapshot was taken: the answer's server_time (SES-7).</param>
internal sealed record SessionSnapshot(
    string SessionId,
    string ClientInstanceId,
    string Issuer,
    string UserId,
    bool Guest,
    IReadOnlyList<string> Roles,
    SessionState State,
    DateTimeOffset ExpiresAt,
    SessionEndReason EndReason,
    DateTimeOffset StartedAt,
    DateTimeOffset? TerminatedAt,
    ulong LastEventSeq,
    DateTimeOffset AsOf);
