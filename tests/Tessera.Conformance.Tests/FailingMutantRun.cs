using Tessera.Testing;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tests.Mutants;

namespace Tessera.Conformance.Tests;

/// <summary>
/// One run of expiry/timers against the mutant whose expiry timers are never
/// armed: its counterexamples hold a watcher and a clock move, so the report has
/// every lane of the sequence diagram and every field of a failure. Run once and
/// shared by the tests of its reports.
/// </summary>
public sealed class FailingMutantRun : IAsyncLifetime
{
    public const string MutantName = "expiry-checked-only-on-use";
    public const string CaseName = "expiry/timers";
    private const ulong Seed = 20251122;

    public ConformanceReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var mutant = MutantCatalog.All.Single(m => m.Name == MutantName);
        using var keys = new RsaKeyFiles();
        await using var target = await EmbeddedTarget.StartAsync(
            realClock: mutant.RealClock,
            CancellationToken.None,
            services => mutant.Inject!(services, keys));
        Report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" },
            Run = [CaseName],
            Seed = Seed,
            // Every sequence with an expiry fails on this mutant: a few tests find one, and the run stays short.
            MaxTests = 10,
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
