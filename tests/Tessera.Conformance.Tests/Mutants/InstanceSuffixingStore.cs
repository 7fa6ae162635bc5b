using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// The trick of the single-session mutants: a start whose client instance id
/// gets a hidden suffix is one the real store cannot match against the live
/// session of that instance, so both live; the suffix is cut again from every
/// answer, so the target never shows it.
/// </summary>
internal abstract class InstanceSuffixingStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    private const char Marker = '\u0000';

    /// <summary>The command with <paramref name="suffix"/> hidden in its client instance id.</summary>
    protected static StartCommand Suffixed(StartCommand command, string suffix) =>
        command with { ClientInstanceId = command.ClientInstanceId + Marker + suffix };

    public override SessionSnapshot? Get(string sessionId, DateTimeOffset now) => Hide(Inner.Get(sessionId, now));

    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now) => Hide(Inner.TryUpdate(sessionId, token, now));

    public override StoreOutcome End(string sessionId, DateTimeOffset now) => Hide(Inner.End(sessionId, now));

    protected static StoreOutcome Hide(StoreOutcome outcome) =>
        outcome.Session is null ? outcome : new StoreOutcome(Hide(outcome.Session), outcome.Error, outcome.Timers, outcome.Transitions);

    private static SessionSnapshot? Hide(SessionSnapshot? snapshot)
    {
        var cut = snapshot?.ClientInstanceId.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        return cut < 0 ? snapshot : snapshot! with { ClientInstanceId = snapshot.ClientInstanceId[..cut] };
    }
}
