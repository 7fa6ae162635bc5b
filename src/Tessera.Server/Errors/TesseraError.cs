using Tessera.Protocol.V1;

namespace Tessera.Server.Errors;

/// <summary>
/// A domain error as a value: the reason, a message for people, and for
/// SESSION_TERMINATED the end reason (ERR-5). Converted to a gRPC status in
/// exactly one place (<see cref="ErrorCatalog"/>); handlers never build status
/// strings themselves.
/// </summary>
public sealed record TesseraError(ErrorReason Reason, string Message, SessionEndReason EndReason = SessionEndReason.Unspecified)
{
    public static TesseraError InvalidRequest(string message) => new(ErrorReason.InvalidRequest, message);
    public static TesseraError TokenInvalid(string message) => new(ErrorReason.TokenInvalid, message);
    public static TesseraError Terminated(SessionEndReason endReason) =>
        new(ErrorReason.SessionTerminated, $"the session was terminated ({EndReasonNames.NameOf(endReason)})", endReason);
}
