using Tessera.Protocol.V1;

namespace Tessera.Conformance.Model;

/// <summary>
/// An event the model predicts on a session's watch stream. The time is a
/// window, not an instant: a timer event may carry its due time or the end of
/// the AdvanceTime that fired it (CLK-3 fixes the order, not the stamp), and a
/// call's event carries the time of the call.
/// </summary>
/// <param name="Seq">1, 2, 3... per session (EVT-1).</param>
/// <param name="Kind">The oneof case.</param>
/// <param name="EarliestTime">The earliest acceptable <c>time</c>.</param>
/// <param name="LatestTime">The latest acceptable <c>time</c>.</param>
/// <param name="At">expires_at (expiring, updated) or terminates_at (expired); null for terminated.</param>
/// <param name="EndReason">For terminated: the reason.</param>
/// <param name="Ids">The requirement that makes the server push this event.</param>
/// <param name="Group">Events sharing a non-zero group were caused by one call and may come in either order.</param>
/// <param name="FromTimer">True when a timer pushed it (EXP-6 applies), false when a call did.</param>
internal sealed record ModelEvent(
    ulong Seq,
    ModelEventKind Kind,
    DateTimeOffset EarliestTime,
    DateTimeOffset LatestTime,
    DateTimeOffset? At,
    SessionEndReason EndReason,
    IReadOnlyList<string> Ids,
    int Group = 0,
    bool FromTimer = false)
{
    public string Describe() => Kind switch
    {
        ModelEventKind.TokenExpiring => $"#{Seq} token_expiring(expires_at={Format.Time(At)})",
        ModelEventKind.TokenExpired => $"#{Seq} token_expired(terminates_at={Format.Time(At)})",
        ModelEventKind.TokenUpdated => $"#{Seq} token_updated(expires_at={Format.Time(At)})",
        _ => $"#{Seq} terminated({Format.EndReason(EndReason)})",
    };
}
