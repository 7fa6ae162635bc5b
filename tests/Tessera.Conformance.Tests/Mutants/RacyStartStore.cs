using System.Collections.Concurrent;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// A check-then-insert store: a start that overlaps another start on the same
/// client instance does not see it, so both live (breaks ONE-4, ONE-1). The
/// sleep is the window such a store leaves open between its check and its
/// insert; the suffix keeps the real store from noticing, and is hidden again
/// in every answer.
/// </summary>
internal sealed class RacyStartStore(ISessionStore inner) : InstanceSuffixingStore(inner)
{
    private readonly ConcurrentDictionary<(string, string), int> _inFlight = new();

    public override StoreOutcome TryStart(StartCommand command)
    {
        var key = (command.Issuer, command.ClientInstanceId);
        var overlapping = _inFlight.AddOrUpdate(key, 1, static (_, n) => n + 1);
        try
        {
            Thread.Sleep(40);
            var seen = overlapping > 1 ? Suffixed(command, Guid.NewGuid().ToString("N")) : command;
            return Hide(Inner.TryStart(seen));
        }
        finally
        {
            _inFlight.AddOrUpdate(key, 0, static (_, n) => n - 1);
        }
    }
}
