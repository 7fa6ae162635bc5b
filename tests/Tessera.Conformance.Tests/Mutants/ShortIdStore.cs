using Tessera.Server.Storage;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Numbers sessions s1, s2, ... instead of 128 random bits (breaks SES-2).</summary>
internal sealed class ShortIdStore(ISessionStore inner) : SessionStoreDecorator(inner)
{
    private int _next;

    public override StoreOutcome TryStart(StartCommand command) =>
        Inner.TryStart(command with { SessionId = "s" + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture) });
}
