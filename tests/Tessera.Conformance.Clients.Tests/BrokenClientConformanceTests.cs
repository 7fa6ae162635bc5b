using Tessera.Conformance.Clients.Harness;
using Tessera.Conformance.Clients.Tests.Faults;
using Xunit.Abstractions;

namespace Tessera.Conformance.Clients.Tests;

/// <summary>
/// Each broken variant is the reference client with one fault injected from
/// outside (see <see cref="BrokenClient"/>). The suite must catch it with the
/// check of the requirement it breaks, and report a shrunk scenario.
/// </summary>
public sealed class BrokenClientConformanceTests(ITestOutputHelper output)
{
    private const ulong Seed = 20_301_115;

    [Theory]
    [InlineData(nameof(BrokenClient.RefreshAfterExpiry), "CLI-1")]
    [InlineData(nameof(BrokenClient.LocalClockOnly), "CLI-1")]
    [InlineData(nameof(BrokenClient.RetryingProvider), "CLI-3")]
    [InlineData(nameof(BrokenClient.DoubleStart), "CLI-4")]
    [InlineData(nameof(BrokenClient.IgnoresSessionReplaced), "CLI-5")]
    [InlineData(nameof(BrokenClient.NoResume), "CLI-6")]
    [InlineData(nameof(BrokenClient.RetryStorm), "CLI-7")]
    public async Task RunAsync_BrokenClient_FailsTheRequirementItBreaks(string variant, string id)
    {
        await using var client = (IClientHarnessTransport)typeof(BrokenClient).GetMethod(variant)!.Invoke(null, null)!;

        var result = await ClientConformanceRunner.RunAsync(client, new ClientConformanceOptions { Iterations = 8, Seed = Seed, Requirements = [id], Log = output.WriteLine });
        output.WriteLine(result.ToReport());

        Assert.Equal([id], result.FailedIds);
        var verdict = result.Verdicts.Single(v => v.Id == id);
        Assert.False(string.IsNullOrEmpty(verdict.Counterexample));
        Assert.False(string.IsNullOrEmpty(verdict.Failure));
    }
}
