using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Forwards every call to the real store; a mutant overrides the one it breaks.</summary>
internal class SessionStoreDecorator(ISessionStore inner) : ISessionStore
{
    protected ISessionStore Inner { get; } = inner;

    public virtual SessionSnapshot? Get(string sessionId, DateTimeOffset now) => Inner.Get(sessionId, now);

    public virtual StoreOutcome TryStart(StartCommand command) => Inner.TryStart(command);

    public virtual StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now) => Inner.TryUpdate(sessionId, token, now);

    public virtual StoreOutcome End(string sessionId, DateTimeOffset now) => Inner.End(sessionId, now);

    public virtual StoreOutcome ApplyTimer(string sessionId, TimerKind kind, ulong generation, DateTimeOffset now) => Inner.ApplyTimer(sessionId, kind, generation, now);

    public virtual WatchOpenOutcome OpenWatch(string sessionId, ulong resumeAfterSeq, DateTimeOffset now) => Inner.OpenWatch(sessionId, resumeAfterSeq, now);

    public virtual StoreOutcome CloseWatch(string sessionId, DateTimeOffset now) => Inner.CloseWatch(sessionId, now);

    /// <summary>The outcome without the timer requests of <paramref name="kind"/>: that timer is never armed.</summary>
    protected static StoreOutcome WithoutTimer(StoreOutcome outcome, TimerKind kind) =>
        new(outcome.Session, outcome.Error, [.. outcome.Timers.Where(t => t.Kind != kind)], outcome.Transitions);

    protected static WatchOpenOutcome WithoutTimer(WatchOpenOutcome outcome, TimerKind kind) =>
        new(outcome.Error, outcome.Replay, outcome.Counted, [.. outcome.Timers.Where(t => t.Kind != kind)]);
}
