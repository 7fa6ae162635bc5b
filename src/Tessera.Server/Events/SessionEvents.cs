using Google.Protobuf.WellKnownTypes;
using Tessera.Protocol.V1;

namespace Tessera.Server.Events;

/// <summary>
/// Builds the wire events of a session. Events are the generated protobuf
/// messages, shared by every watcher and the replay log, so they must never be
/// mutated after the store has appended them (the log sets <c>seq</c> and
/// <c>time</c> once, at append).
/// </summary>
internal static class SessionEvents
{
    /// <summary>EXP-5.</summary>
    public static SessionEvent TokenExpiring(DateTimeOffset expiresAt) =>
        new() { TokenExpiring = new TokenExpiring { ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt) } };

    /// <summary>EXP-2.</summary>
    public static SessionEvent TokenExpired(DateTimeOffset terminatesAt) =>
        new() { TokenExpired = new TokenExpired { TerminatesAt = Timestamp.FromDateTimeOffset(terminatesAt) } };

    /// <summary>UPD-5.</summary>
    public static SessionEvent TokenUpdated(DateTimeOffset expiresAt) =>
        new() { TokenUpdated = new TokenUpdated { ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt) } };

    /// <summary>EVT-3: always a session's last event.</summary>
    public static SessionEvent Terminated(SessionEndReason reason, string message) =>
        new() { Terminated = new SessionTerminated { Reason = reason, Message = message } };

    /// <summary>True for the terminated event, after which a stream ends (EVT-3).</summary>
    public static bool IsTerminal(SessionEvent sessionEvent) =>
        sessionEvent.KindCase == SessionEvent.KindOneofCase.Terminated;
}
