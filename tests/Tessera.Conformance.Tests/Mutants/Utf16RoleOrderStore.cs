using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Answers roles sorted by UTF-16 code units (string.CompareOrdinal, .NET's
/// "ordinal"), not by UTF-8 bytes: an emoji role sorts before a fullwidth one
/// (breaks SES-7).
/// </summary>
internal sealed class Utf16RoleOrderStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    public override SessionSnapshot? Get(string sessionId, DateTimeOffset now) => Reorder(Inner.Get(sessionId, now));

    public override StoreOutcome TryStart(StartCommand command) => Reorder(Inner.TryStart(command));

    public override StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now) => Reorder(Inner.TryUpdate(sessionId, token, now));

    private static StoreOutcome Reorder(StoreOutcome outcome) =>
        outcome.Session is null ? outcome : new StoreOutcome(Reorder(outcome.Session), outcome.Error, outcome.Timers, outcome.Transitions);

    private static SessionSnapshot? Reorder(SessionSnapshot? snapshot) =>
        snapshot is null ? null : snapshot with { Roles = [.. snapshot.Roles.Order(StringComparer.Ordinal)] };
}
