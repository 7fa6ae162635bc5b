using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// A watch past the last event of a TERMINATED session answers
/// RESUME_UNAVAILABLE (EVT-4's reading) instead of SESSION_TERMINATED, which
/// draft 2 settles on (breaks EVT-5).
/// </summary>
internal sealed class ResumeBeyondTerminatedStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override WatchOpenOutcome OpenWatch(string sessionId, ulong resumeAfterSeq, DateTimeOffset now)
    {
        var outcome = Inner.OpenWatch(sessionId, resumeAfterSeq, now);
        return outcome.Error?.Reason == ErrorReasons.SessionTerminated && Inner.Get(sessionId, now) is { State: SessionState.Terminated } session && resumeAfterSeq > session.LastEventSeq
            ? new WatchOpenOutcome(SessionErrors.ResumeUnavailable($"resume_after_seq {resumeAfterSeq} is beyond the last event ({session.LastEventSeq}) (mutant)"), null, false, outcome.Timers)
            : outcome;
    }
}
