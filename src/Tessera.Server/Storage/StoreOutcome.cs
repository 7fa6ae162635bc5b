using Tessera.Server.Errors;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;

namespace Tessera.Server.Storage;

/// <summary>
/// What one atomic store operation did: its answer (a session or an error; an
/// error may come with changes, as for IDENTITY_MISMATCH which terminates), the
/// timer changes to hand to the scheduler, and the lifecycle transitions to report.
/// Events are not listed: the store published them to its sink in seq order.
/// </summary>
internal sealed class StoreOutcome
{
    private static readonly TimerRequest[] NoTimers = [];
    private static readonly SessionTransition[] NoTransitions = [];

    public StoreOutcome(
        SessionSnapshot? session,
        TesseraError? error,
        IReadOnlyList<TimerRequest>? timers = null,
        IReadOnlyList<SessionTransition>? transitions = null)
    {
        Session = session;
        Error = error;
        Timers = timers ?? NoTimers;
        Transitions = transitions ?? NoTransitions;
    }

    /// <summary>An answer with no change: nothing to schedule or report.</summary>
    public static StoreOutcome Unchanged { get; } = new(null, null);

    /// <summary>The session after the operation; null on error or when the operation has no session to answer.</summary>
    public SessionSnapshot? Session { get; }

    public TesseraError? Error { get; }

    public IReadOnlyList<TimerRequest> Timers { get; }

    public IReadOnlyList<SessionTransition> Transitions { get; }
}
