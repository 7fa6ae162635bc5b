using Tessera.Protocol.V1;

namespace Tessera.Client;

/// <summary>
/// A session error: something ended the session, or will, without the app
/// asking (a terminated event, a refresh that failed, events lost for good).
/// When it is raised the client has already stopped the session's timers and
/// watch stream.
/// </summary>
public sealed class TesseraSessionErrorEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public TesseraSessionErrorEventArgs(string sessionId, string reason, TesseraErrorAction action, SessionEndReason? endReason, string message, Exception? exception)
    {
        SessionId = sessionId;
        Reason = reason;
        Action = action;
        EndReason = endReason;
        Message = message;
        Exception = exception;
    }

    /// <summary>The session the error is about.</summary>
    public string SessionId { get; }

    /// <summary>
    /// The reason: <c>SESSION_TERMINATED</c> for every session the server ended
    /// (see <see cref="EndReason"/>: ROLES_MISMATCH, SESSION_REPLACED, ...),
    /// <c>SESSION_NOT_FOUND</c> for one it forgot, the server's reason for a
    /// refreshed token it refused (e.g. <c>TOKEN_STALE</c>), or a client-side
    /// reason such as <c>TOKEN_PROVIDER_FAILED</c>. See <see cref="TesseraErrorReasons"/>.
    /// </summary>
    public string Reason { get; }

    /// <summary>What the app should do next; usually <see cref="TesseraErrorAction.StartNewSession"/>.</summary>
    public TesseraErrorAction Action { get; }

    /// <summary>Why the session ended when the server ended it; otherwise null.</summary>
    public SessionEndReason? EndReason { get; }

    /// <summary>A message for people.</summary>
    public string Message { get; }

    /// <summary>The exception behind the error, if any.</summary>
    public Exception? Exception { get; }
}
