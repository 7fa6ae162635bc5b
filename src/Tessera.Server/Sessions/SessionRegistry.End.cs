using Tessera.Server.Errors;

namespace Tessera.Server.Sessions;

/// <summary>EndSession (END-1 to END-3).</summary>
internal sealed partial class SessionRegistry
{
    /// <summary>
    /// Ends a session: ACTIVE or EXPIRED become TERMINATED(ENDED) and their watch
    /// streams end (END-1); a TERMINATED one answers OK unchanged (END-2). Returns
    /// null on success, else INVALID_REQUEST or SESSION_NOT_FOUND.
    /// </summary>
    public TesseraError? End(string sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return TesseraError.InvalidRequest("session_id is required");
        }

        var outcome = _store.End(sessionId, _time.GetUtcNow());
        Apply(outcome);
        return outcome.Error;
    }
}
