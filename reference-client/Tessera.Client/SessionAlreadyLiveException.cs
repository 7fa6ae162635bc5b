namespace Tessera.Client;

/// <summary>
/// Thrown by <see cref="TesseraClient.StartSessionAsync"/> when the client
/// already holds a live session: one client instance holds one session at a
/// time (SPEC.md ONE-1). To switch users, end the session first, then start
/// the new one. Nothing was sent to the server.
/// </summary>
public sealed class SessionAlreadyLiveException : InvalidOperationException
{
    /// <summary>Creates the exception for the live session <paramref name="sessionId"/>.</summary>
    public SessionAlreadyLiveException(string? sessionId, string? userId)
        : base(sessionId is null
            ? "A session is being started on this client already. Wait for it, or end it with EndSessionAsync before starting another."
            : $"This client already holds a live session ({sessionId}, user '{userId}'). End it with EndSessionAsync before starting another; to switch users, end the session, then start the new one.")
    {
        SessionId = sessionId;
    }

    /// <summary>The live session's id, or null when a start was still in progress.</summary>
    public string? SessionId { get; }
}
