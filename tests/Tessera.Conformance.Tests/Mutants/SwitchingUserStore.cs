using System.Collections.Concurrent;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Storage;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// A start for another identity on an instance with a live session ends that
/// session and starts the new one, instead of SESSION_ALREADY_ACTIVE: a
/// client switching users without ending first (breaks ONE-2). The
/// decorator remembers the newest session per (issuer, instance), since the
/// store has no lookup by instance.
/// </summary>
internal sealed class SwitchingUserStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    private readonly ConcurrentDictionary<(string, string), string> _newest = new();

    public override StoreOutcome TryStart(StartCommand command)
    {
        var key = (command.Issuer, command.ClientInstanceId);
        var outcome = Inner.TryStart(command);
        if (outcome.Error?.Reason == ErrorReasons.SessionAlreadyActive && _newest.TryGetValue(key, out var liveId)
            && Inner.Get(liveId, command.Now) is { State: not SessionState.Terminated } live
            && (live.UserId != command.UserId || live.Guest != command.Guest))
        {
            var ended = Inner.End(liveId, command.Now);
            var started = Inner.TryStart(command);
            outcome = new StoreOutcome(started.Session, started.Error, [.. ended.Timers, .. started.Timers], [.. ended.Transitions, .. started.Transitions]);
        }

        if (outcome.Session is { } session)
        {
            _newest[key] = session.SessionId;
        }

        return outcome;
    }
}
