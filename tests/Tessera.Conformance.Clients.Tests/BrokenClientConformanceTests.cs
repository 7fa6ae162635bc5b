using Tessera.Conformance.Clients.Harness;
using Tessera.Conformance.Clients.Tests.Faults;
using Tessera.Protocol;
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
    [InlineData(nameof(BrokenClient.RefreshAfterExpiry), Req.CLI_1)]
    [InlineData(nameof(BrokenClient.LocalClockOnly), Req.CLI_1)]
    [InlineData(nameof(BrokenClient.RetryingProvider), Req.CLI_3)]
    [InlineData(nameof(BrokenClient.DoubleStart), Req.CLI_4)]
    [InlineData(nameof(BrokenClient.IgnoresSessionReplaced), Req.CLI_5)]
    [InlineData(nameof(BrokenClient.NoResume), Req.CLI_6)]
    [InlineData(nameof(BrokenClient.RetryStorm), Req.CLI_7)]
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
