using Tessera.Protocol.V1;

namespace Tessera.Client;

/// <summary>
/// One event of a session as the app receives it: each exactly once, in
/// <see cref="Seq"/> order, across reconnects (EVT-1, EVT-4).
/// </summary>
/// <param name="SessionId">The session the event belongs to.</param>
/// <param name="Seq">1, 2, 3, ... per session (EVT-1).</param>
/// <param name="Time">The server's clock when it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ExpiresAt">For <see cref="TesseraSessionEventKind.TokenExpiring"/> and <see cref="TesseraSessionEventKind.TokenUpdated"/>: the token's expiry; otherwise null.</param>
/// <param name="TerminatesAt">For <see cref="TesseraSessionEventKind.TokenExpired"/>: when the session ends unless refreshed; otherwise null.</param>
/// <param name="EndReason">For <see cref="TesseraSessionEventKind.Terminated"/>: why; otherwise null.</param>
/// <param name="Message">For <see cref="TesseraSessionEventKind.Terminated"/>: the server's text; otherwise empty.</param>
public sealed record TesseraSessionEvent(
    string SessionId,
    ulong Seq,
    DateTimeOffset Time,
    TesseraSessionEventKind Kind,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? TerminatesAt,
    SessionEndReason? EndReason,
    string Message)
{
    /// <summary>Converts a wire event; null for an event kind this client does not know.</summary>
    internal static TesseraSessionEvent? FromWire(string sessionId, SessionEvent wire)
    {
        var time = wire.Time?.ToDateTimeOffset() ?? default;
        return wire.KindCase switch
        {
            SessionEvent.KindOneofCase.TokenExpiring => new(sessionId, wire.Seq, time, TesseraSessionEventKind.TokenExpiring, wire.TokenExpiring.ExpiresAt?.ToDateTimeOffset(), null, null, string.Empty),
            SessionEvent.KindOneofCase.TokenExpired => new(sessionId, wire.Seq, time, TesseraSessionEventKind.TokenExpired, null, wire.TokenExpired.TerminatesAt?.ToDateTimeOffset(), null, string.Empty),
            SessionEvent.KindOneofCase.TokenUpdated => new(sessionId, wire.Seq, time, TesseraSessionEventKind.TokenUpdated, wire.TokenUpdated.ExpiresAt?.ToDateTimeOffset(), null, null, string.Empty),
            SessionEvent.KindOneofCase.Terminated => new(sessionId, wire.Seq, time, TesseraSessionEventKind.Terminated, null, null, wire.Terminated.Reason, wire.Terminated.Message),
            _ => null,
        };
    }
}
