using Tessera.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Conformance.Target;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// A deliberately broken reference server: one fault injected through the
/// server's service collection (never through a product flag), the SPEC.md
/// requirement it breaks, and the cases expected to catch it.
/// </summary>
/// <param name="Name">Stable, kebab-case.</param>
/// <param name="Breaks">The id the suite must name.</param>
/// <param name="Fault">What is wrong, in words.</param>
/// <param name="Cases">
/// The cases expected to catch it, by exact name (no globs): each of them
/// must fail naming <paramref name="Breaks"/> (or one of <see cref="AlsoNames"/>).
/// </param>
internal sealed record Mutant(string Name, string Breaks, string Fault, string[] Cases)
{
    /// <summary>Other ids that name the same fault just as well (a repeated event is EVT-4 in a replay, EVT-1 live).</summary>
    public string[] AlsoNames { get; init; } = [];

    /// <summary>
    /// Ids the fault honestly breaks as well, as a consequence (a session left
    /// live when it should be terminated also answers reads it must refuse):
    /// "Broken MUSTs" may name these besides <see cref="Breaks"/> and
    /// <see cref="AlsoNames"/>, and nothing else. Each entry says why in a
    /// comment at the mutant and in conformance/docs/mutants.md.
    /// </summary>
    public string[] Consequences { get; init; } = [];

    /// <summary>The fault: registrations that replace or decorate server components.</summary>
    public Action<IServiceCollection, RsaKeyFiles>? Inject { get; init; }

    /// <summary>Token options changes the fault needs (a public key for key confusion).</summary>
    public Action<TokenValidationOptions, RsaKeyFiles>? Tokens { get; init; }

    /// <summary>How the suite mints for this server when it differs from the HS256 default.</summary>
    public Func<TargetOptions, RsaKeyFiles, TargetOptions>? Target { get; init; }

    /// <summary>Runs the server on the real clock (its second-scale profile) instead of the test clock. Defaults to false.</summary>
    public bool RealClock { get; init; }

    /// <summary>Sequences per property case (--max-tests). Defaults to 100.</summary>
    public int MaxTests { get; init; } = 100;

    public override string ToString() => Name;
}
