using Tessera.Server.Errors;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;

namespace Tessera.Server.Storage;

/// <summary>Collects the timer changes and transitions of one store operation; allocates only when there are some.</summary>
internal sealed class StoreEffects
{
    private List<TimerRequest>? _timers;
    private List<SessionTransition>? _transitions;

    public IReadOnlyList<TimerRequest>? Timers => _timers;

    public void AddTimer(TimerRequest request) => (_timers ??= new List<TimerRequest>(4)).Add(request);

    public void AddTransition(SessionTransitionKind kind, SessionSnapshot session) =>
        (_transitions ??= new List<SessionTransition>(2)).Add(new SessionTransition(kind, session));

    public StoreOutcome ToOutcome(SessionSnapshot? session, TesseraError? error = null) =>
        new(session, error, _timers, _transitions);
}
