using Tessera.Protocol.V1;

namespace Tessera.Server.Errors;

/// <summary>
/// A domain error as a value: the reason (one of <see cref="ErrorReasons"/>, the
/// wire spelling itself), a message for people, and for SESSION_TERMINATED the end
/// reason (ERR-5). Converted to a gRPC status in exactly one place
/// (<see cref="ErrorStatus"/>); handlers never build status strings themselves.
/// </summary>
internal sealed record TesseraError(string Reason, string Message, SessionEndReason EndReason = SessionEndReason.Unspecified)
{
    public static TesseraError InvalidRequest(string message) => new(ErrorReasons.InvalidRequest, message);
    public static TesseraError TokenInvalid(string message) => new(ErrorReasons.TokenInvalid, message);
    public static TesseraError Terminated(SessionEndReason endReason) =>
        new(ErrorReasons.SessionTerminated, $"the session was terminated ({EndReasonNames.NameOf(endReason)})", endReason);
}
