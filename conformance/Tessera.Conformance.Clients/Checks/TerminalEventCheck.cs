using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-5: the server ends the session (replaced, roles mismatch, expired,
/// ended by someone else) while the client watches it. Afterwards the client
/// lives on (its clock runs past every refresh and reconnect it could have
/// scheduled, the app may even ask for the session) and must send nothing
/// bound to that session, and must report a session error naming the reason.
/// </summary>
internal sealed class TerminalEventCheck : IClientCheck
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public ClientRequirement Requirement => ClientRequirements.TerminalEvent;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        // No grace: expiry terminates at once, with no token_expired event to refresh on.
        await using var server = await InstrumentedServer.StartAsync(o =>
        {
            o.ExpiringNotice = TimeSpan.Zero;
            o.ExpiryGrace = TimeSpan.Zero;
        }).ConfigureAwait(false);
        var generator =
            from cause in Gen.Elements(TerminalCause.Replaced, TerminalCause.RolesMismatch, TerminalCause.Expired, TerminalCause.EndedElsewhere)
            from idle in Gen.Choose(1, 180)
            from asks in Gen.Elements(false, true)
            select new TerminalCase(cause, idle, asks);
        return await PropertyCheck.RunAsync(run, Requirement, generator, Shrink, c => ScenarioAsync(run, server, c), run.Options.Iterations).ConfigureAwait(false);
    }

    private static IEnumerable<TerminalCase> Shrink(TerminalCase c)
    {
        foreach (var idle in PropertyCheck.Toward(c.IdleMinutes, 1))
        {
            yield return c with { IdleMinutes = idle };
        }

        if (c.AppAsksAfter)
        {
            yield return c with { AppAsksAfter = false };
        }
    }

    private static string EndReason(TerminalCause cause) => EndReasonNames.NameOf(cause switch
    {
        TerminalCause.Replaced => SessionEndReason.SessionReplaced,
        TerminalCause.RolesMismatch => SessionEndReason.RolesMismatch,
        TerminalCause.Expired => SessionEndReason.TokenExpired,
        _ => SessionEndReason.Ended,
    });

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server, TerminalCase c)
    {
        await using var client = await ScenarioClient.CreateAsync(run, server, TimeSpan.Zero, TimeSpan.FromSeconds(30), Lifetime).ConfigureAwait(false);
        var started = await client.StartAsync(client.Mint()).ConfigureAwait(false);
        if (!started.Ok)
        {
            return "start failed: " + started;
        }

        var session = client.SessionId!;
        if (!await client.WaitWatchOpenAsync().ConfigureAwait(false))
        {
            return "never opened the watch stream";
        }

        switch (c.Cause)
        {
            case TerminalCause.Replaced:
                await server.StartAsRunnerAsync(client.Mint(), client.InstanceId).ConfigureAwait(false);
                break;
            case TerminalCause.RolesMismatch:
                await client.UpdateAsync(client.Mint(roles: ["admin"])).ConfigureAwait(false);
                break;
            case TerminalCause.Expired:
                server.Advance(Lifetime + server.Leeway);
                break;
            default:
                await server.EndAsRunnerAsync(session).ConfigureAwait(false);
                break;
        }

        var cut = server.Calls.NextIndex;
        var reason = EndReason(c.Cause);
        // A correct client reports the end at once; one that never does is judged below all the same.
        await client.WaitForClientAsync(client.ReportedEnd, client.QuietPeriod * 4).ConfigureAwait(false);

        // The client lives on: everything it could have scheduled comes due.
        await client.AdvanceClientAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        await Task.Delay(client.QuietPeriod / 2).ConfigureAwait(false);
        await client.AdvanceClientAsync(TimeSpan.FromMinutes(c.IdleMinutes)).ConfigureAwait(false);
        await Task.Delay(client.QuietPeriod / 2).ConfigureAwait(false);
        await client.AdvanceClientAsync(TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        if (c.AppAsksAfter)
        {
            await client.GetAsync().ConfigureAwait(false);
        }

        await Task.Delay(client.QuietPeriod).ConfigureAwait(false);
        var after = server.Calls.ClientCalls(r => r.SessionId == session && r.Index >= cut);
        if (after.Count > 0)
        {
            return $"after the session ended ({reason}) it still sent " + string.Join(", ", after.Take(3));
        }

        var errors = client.SessionErrors();
        if (!errors.Any(e => e.Text("end_reason") == reason))
        {
            return errors.Count == 0
                ? $"reported no session error for the end ({reason})"
                : $"reported the end as {errors[0].Body.ToJsonString()}, not naming {reason}";
        }

        return null;
    }
}
