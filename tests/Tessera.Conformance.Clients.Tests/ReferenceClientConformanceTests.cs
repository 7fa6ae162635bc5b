using Tessera.Conformance.Clients.Harness;
using Tessera.Conformance.Clients.Tests.Faults;
using Tessera.Protocol;
using Xunit.Abstractions;

namespace Tessera.Conformance.Clients.Tests;

public sealed class ReferenceClientConformanceTests(ITestOutputHelper output)
{
    // A fixed seed: the scenarios, and so the verdicts, are the same on every run.
    private const ulong Seed = 20_301_115;

    [Fact]
    public async Task RunAsync_ReferenceClientInProcess_PassesEveryRequirement()
    {
        await using var client = BrokenClient.Reference();

        var result = await ClientConformanceRunner.RunAsync(client, Options(iterations: 8));
        output.WriteLine(result.ToReport());

        Assert.True(result.Passed, result.ToReport());
        Assert.Equal(ClientRequirements.All.Select(r => r.Id), result.Verdicts.Select(v => v.Id));
        Assert.All(result.Verdicts, v => Assert.Equal(ClientVerdictStatus.Passed, v.Status));
    }

    [Fact]
    public async Task RunAsync_ReferenceHarnessAsChildProcess_PassesEveryRequirement()
    {
        // The adapter as its own project built it, started the way the CLI starts any client.
        var harness = Path.GetFullPath(typeof(ReferenceClientConformanceTests).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "HarnessPath").Value!);
        Assert.True(File.Exists(harness), harness);

        var result = await ClientConformanceRunner.RunAsync($"dotnet \"{harness}\"", Options(iterations: 3));
        output.WriteLine(result.ToReport());

        Assert.True(result.Passed, result.ToReport());
        Assert.Contains("tessera-client-harness.dll", result.Client, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ClientThatExits_FailsEveryRequirementWithTheReason()
    {
        await using var client = InMemoryHarnessTransport.Start("exits at once", (_, _) => Task.CompletedTask);

        var result = await ClientConformanceRunner.RunAsync(client, Options(iterations: 2));

        Assert.Equal(ClientRequirements.All.Select(r => r.Id), result.FailedIds);
        Assert.All(result.Verdicts, v => Assert.Contains("harness contract", v.Failure, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RequirementFilter_RunsOnlyThoseAndSkipsTheRest()
    {
        await using var client = BrokenClient.Reference();

        var result = await ClientConformanceRunner.RunAsync(client, Options(iterations: 2, only: [Req.CLI_4]));

        Assert.Equal(ClientVerdictStatus.Passed, result.Verdicts.Single(v => v.Id == Req.CLI_4).Status);
        Assert.All(result.Verdicts.Where(v => v.Id != Req.CLI_4), v => Assert.Equal(ClientVerdictStatus.Skipped, v.Status));
    }

    private ClientConformanceOptions Options(int iterations, string[]? only = null) =>
        new() { Iterations = iterations, Seed = Seed, Requirements = only, Log = output.WriteLine };
}
