using System.Runtime.CompilerServices;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// Hands a token's roles as written (order, repeats) from the validator to
/// the store, for the mutant that compares roles as ordered lists.
/// </summary>
internal sealed class RawRoles
{
    private readonly ConditionalWeakTable<ValidatedToken, IReadOnlyList<string>> _raw = [];

    public void Remember(ValidatedToken token, IReadOnlyList<string> roles) => _raw.AddOrUpdate(token, roles);

    public IReadOnlyList<string>? Of(ValidatedToken token) => _raw.TryGetValue(token, out var roles) ? roles : null;
}
