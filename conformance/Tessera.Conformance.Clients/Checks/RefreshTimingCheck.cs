using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-1: the client asks for a new token at <c>expires_at - margin</c> on
/// the server's clock (1 s of tolerance, early side only), once per token,
/// whatever its own clock says. Two refresh cycles per scenario: the second
/// shows the timer is re-armed from the new token. The server pushes no
/// token_expiring (notice 0), so the client's own timer is what is judged.
/// </summary>
internal sealed class RefreshTimingCheck : IClientCheck
{
    public ClientRequirement Requirement => ClientRequirements.ProactiveRefresh;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        await using var server = await InstrumentedServer.StartAsync(o => o.ExpiringNotice = TimeSpan.Zero).ConfigureAwait(false);
        var generator =
            from lifetime in Gen.Choose(120, 7200)
            from margin in Gen.Choose(1, Math.Min(lifetime / 2, 600))
            from skew in Gen.Choose(-3600, 3600)
            select new RefreshCase(lifetime, margin, skew);
        return await PropertyCheck.RunAsync(run, Requirement, generator, Shrink, c => ScenarioAsync(run, server, c), run.Options.Iterations).ConfigureAwait(false);
    }

    private static IEnumerable<RefreshCase> Shrink(RefreshCase c)
    {
        foreach (var skew in PropertyCheck.Toward(c.SkewSeconds, 0))
        {
            yield return c with { SkewSeconds = skew };
        }

        foreach (var lifetime in PropertyCheck.Toward(c.LifetimeSeconds, 120))
        {
            yield return c with { LifetimeSeconds = lifetime, MarginSeconds = Math.Min(c.MarginSeconds, lifetime / 2) };
        }

        foreach (var margin in PropertyCheck.Toward(c.MarginSeconds, 1))
        {
            yield return c with { MarginSeconds = margin };
        }
    }

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server, RefreshCase c)
    {
        var lifetime = TimeSpan.FromSeconds(c.LifetimeSeconds);
        var margin = TimeSpan.FromSeconds(c.MarginSeconds);
        var skew = TimeSpan.FromSeconds(c.SkewSeconds);
        await using var client = await ScenarioClient.CreateAsync(run, server, skew, margin, lifetime).ConfigureAwait(false);
        var started = await client.StartAsync(client.Mint()).ConfigureAwait(false);
        if (!started.Ok)
        {
            return "start failed: " + started;
        }

        var expiresAt = ScenarioClient.ParseTime(started.SessionText("expires_at")!);
        for (var cycle = 1; cycle <= 2; cycle++)
        {
            var asked = client.TokenRequests().Count;
            var due = expiresAt - margin;
            var updatesBefore = client.SessionCalls("UpdateSessionToken").Count;

            // Just short of the due time, then onto it, then on towards expiry in 10 s steps.
            await client.AdvanceBothAsync(due - TimeSpan.FromSeconds(1) - server.Now).ConfigureAwait(false);
            await client.AdvanceBothAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            var giveUp = expiresAt + server.Leeway;
            while (client.TokenRequests().Count == asked && server.Now < giveUp)
            {
                var step = giveUp - server.Now < TimeSpan.FromSeconds(10) ? giveUp - server.Now : TimeSpan.FromSeconds(10);
                await client.AdvanceBothAsync(step).ConfigureAwait(false);
            }

            var requests = client.TokenRequests();
            if (requests.Count == asked)
            {
                return $"cycle {cycle}: no token request by expires_at + leeway ({ScenarioClient.Time(giveUp)}); it was due at {ScenarioClient.Time(due)}";
            }

            // The runner knows the skew exactly: client time - skew is the server's time of the request.
            var askedAt = ScenarioClient.ParseTime(requests[asked].Text("client_time")!) - skew;
            if (askedAt < due - TimeSpan.FromSeconds(1))
            {
                return $"cycle {cycle}: asked for a token at {ScenarioClient.Time(askedAt)} on the server's clock, {(due - askedAt).TotalSeconds:0.###} s before expires_at - margin";
            }

            if (askedAt > due)
            {
                return $"cycle {cycle}: asked for a token at {ScenarioClient.Time(askedAt)} on the server's clock, {(askedAt - due).TotalSeconds:0.###} s after expires_at - margin{(askedAt >= expiresAt ? " (after the token expired)" : string.Empty)}";
            }

            var mintedExpiry = server.Now + lifetime;
            if (!await client.WaitForServerAsync(() => client.SessionCalls("UpdateSessionToken").Count(u => u.Status == 0) > updatesBefore).ConfigureAwait(false))
            {
                return $"cycle {cycle}: the new token never reached the server (no successful UpdateSessionToken)";
            }

            // The server has the token; the client may still be taking in the answer. A
            // get waits for a refresh in flight (CLI-2), so once it returns the next
            // refresh is scheduled and the clocks may move on.
            var settled = await client.GetAsync().ConfigureAwait(false);
            if (!settled.Ok)
            {
                return $"cycle {cycle}: get after the refresh failed: {settled}";
            }

            if (client.TokenRequests().Count != asked + 1)
            {
                return $"cycle {cycle}: asked for {client.TokenRequests().Count - asked} tokens for one refresh";
            }

            expiresAt = mintedExpiry;
        }

        return null;
    }
}
