using Tessera.Conformance.Clients.Harness;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-8: three refusals, each must reach the app with the server's code,
/// reason and action. A fixed scenario rather than a property: there is
/// nothing to vary that the server's error table (ERR) does not already fix.
/// </summary>
internal sealed class TypedErrorsCheck : IClientCheck
{
    public ClientRequirement Requirement => ClientRequirements.TypedErrors;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        await using var server = await InstrumentedServer.StartAsync(o => o.ExpiringNotice = TimeSpan.Zero).ConfigureAwait(false);
        string? failure;
        try
        {
            failure = await ScenarioAsync(run, server).ConfigureAwait(false);
        }
        catch (HarnessException e)
        {
            failure = "the client broke the harness contract: " + e.Message;
        }

        return new ClientRequirementVerdict
        {
            Requirement = Requirement,
            Status = failure is null ? ClientVerdictStatus.Passed : ClientVerdictStatus.Failed,
            Scenarios = 1,
            Counterexample = failure is null ? null : "bad token at start; older token; token with other roles",
            Failure = failure,
        };
    }

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server)
    {
        await using var client = await ScenarioClient.CreateAsync(run, server, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromHours(2)).ConfigureAwait(false);
        var bad = await client.StartAsync("not.a.token").ConfigureAwait(false);
        if (Check("start with a malformed token", bad, "UNAUTHENTICATED", ErrorReasons.TokenInvalid, ErrorActions.RefreshToken) is { } first)
        {
            return first;
        }

        var started = await client.StartAsync(client.Mint()).ConfigureAwait(false);
        if (!started.Ok)
        {
            return "start failed: " + started;
        }

        var stale = await client.UpdateAsync(client.Mint(TimeSpan.FromHours(1))).ConfigureAwait(false);
        if (Check("update with an older token", stale, "FAILED_PRECONDITION", ErrorReasons.TokenStale, ErrorActions.RefreshToken) is { } second)
        {
            return second;
        }

        var roles = await client.UpdateAsync(client.Mint(TimeSpan.FromHours(3), ["admin"])).ConfigureAwait(false);
        return Check("update with other roles", roles, "PERMISSION_DENIED", ErrorReasons.RolesMismatch, ErrorActions.StartNewSession);
    }

    private static string? Check(string what, HarnessAnswer answer, string code, string reason, string action)
    {
        if (answer.Ok)
        {
            return $"{what} succeeded";
        }

        var got = (answer.ErrorText("code"), answer.ErrorText("reason"), answer.ErrorText("action"));
        return got == (code, reason, action) ? null : $"{what}: the app got {got.Item1} / {got.Item2} / {got.Item3}, not {code} / {reason} / {action}";
    }
}
