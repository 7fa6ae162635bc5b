using System.Diagnostics;
using System.Security.Cryptography;
using Tessera.Conformance.Clients.Checks;
using Tessera.Conformance.Clients.Harness;
using Tessera.Conformance.Clients.Running;

namespace Tessera.Conformance.Clients;

/// <summary>
/// The client mode of the conformance suite: runs a client under test through
/// the harness contract (conformance/docs/client-harness.md) against an
/// instrumented reference server on its test clock, and judges CLI-1 to CLI-8.
/// </summary>
public static class ClientConformanceRunner
{
    /// <summary>
    /// Starts <paramref name="clientCommand"/> through the platform shell (its
    /// stdin and stdout carry the harness contract), runs the checks, and stops
    /// it. The result never throws for a failing client: every problem becomes
    /// a failed verdict.
    /// </summary>
    public static async Task<ClientConformanceResult> RunAsync(string clientCommand, ClientConformanceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientCommand);
        await using var transport = ProcessHarnessTransport.Start(clientCommand);
        return await RunAsync(transport, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the checks against a client reached through <paramref name="transport"/> (owned by the caller).</summary>
    public static async Task<ClientConformanceResult> RunAsync(IClientHarnessTransport transport, ClientConformanceOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var seed = options.Seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        var connection = new HarnessConnection(transport, options.EventTimeout * 2);
        var run = new RunContext(connection, options, seed);
        var verdicts = new List<ClientRequirementVerdict>();
        foreach (var check in Checks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.Requirements is { } only && !only.Contains(check.Requirement.Id))
            {
                verdicts.Add(new ClientRequirementVerdict { Requirement = check.Requirement, Status = ClientVerdictStatus.Skipped });
                continue;
            }

            ClientRequirementVerdict verdict;
            try
            {
                verdict = await check.RunAsync(run).ConfigureAwait(false);
            }
            catch (HarnessException e)
            {
                verdict = new ClientRequirementVerdict
                {
                    Requirement = check.Requirement,
                    Status = ClientVerdictStatus.Failed,
                    Counterexample = "setting up a scenario",
                    Failure = "the client broke the harness contract: " + e.Message,
                };
            }

            run.Log($"{verdict.Id}: {verdict.Status} after {verdict.Scenarios} scenario(s)");
            verdicts.Add(verdict);
        }

        connection.OnTokenRequest = null;
        return new ClientConformanceResult { Verdicts = verdicts, Seed = seed, Client = transport.Description, Duration = clock.Elapsed };
    }

    private static IEnumerable<IClientCheck> Checks() =>
    [
        new RefreshTimingCheck(),
        new ReactiveRefreshCheck(),
        new ProviderFailureCheck(),
        new SingleSessionCheck(),
        new TerminalEventCheck(),
        new ResumeCheck(),
        new BackoffCheck(),
        new TypedErrorsCheck(),
    ];
}
