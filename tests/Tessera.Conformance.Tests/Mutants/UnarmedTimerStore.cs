using Tessera.Protocol.V1;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Never arms one kind of timer. Without the Expire timer a read works out
/// expiry on the spot ("checked on use"), but nothing moves the session and no
/// event is pushed (EXP-1); without the Terminate timer an EXPIRED session
/// stays EXPIRED forever (EXP-4).
/// </summary>
internal sealed class UnarmedTimerStore(ISessionStore inner, TimerKind kind, TimeSpan leeway) : SessionStoreDecorator(inner)
{
    public override SessionSnapshot? Get(string sessionId, DateTimeOffset now)
    {
        var snapshot = Inner.Get(sessionId, now);
        return kind == TimerKind.Expire && snapshot is { State: SessionState.Active } && now >= snapshot.ExpiresAt + leeway
            ? snapshot with { State = SessionState.Expired }
            : snapshot;
    }

    public override StoreOutcome TryStart(StartCommand command) => WithoutTimer(Inner.TryStart(command), kind);

    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now) => WithoutTimer(Inner.TryUpdate(sessionId, token, now), kind);

    public override StoreOutcome End(string sessionId, DateTimeOffset now) => WithoutTimer(Inner.End(sessionId, now), kind);

    public override StoreOutcome ApplyTimer(string sessionId, TimerKind timer, ulong generation, DateTimeOffset now) => WithoutTimer(Inner.ApplyTimer(sessionId, timer, generation, now), kind);

    public override WatchOpenOutcome OpenWatch(string sessionId, ulong resumeAfterSeq, DateTimeOffset now) => WithoutTimer(Inner.OpenWatch(sessionId, resumeAfterSeq, now), kind);

    public override StoreOutcome CloseWatch(string sessionId, DateTimeOffset now) => WithoutTimer(Inner.CloseWatch(sessionId, now), kind);
}
