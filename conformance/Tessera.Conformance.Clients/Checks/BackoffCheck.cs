using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-7: the stream is cut and the server refuses every reconnect. With its
/// clock standing still the client may try at most once; while its clock runs
/// D seconds, at most 2 + 2*D times (one attempt per 500 ms on average). Once the server accepts again it must be
/// back within 60 s of its clock. The scenarios wait in real time (a short
/// quiet period, and a moment after each clock step for an attempt to land),
/// so this check runs fewer of them.
/// </summary>
internal sealed class BackoffCheck : IClientCheck
{
    private static readonly TimeSpan StepSettle = TimeSpan.FromMilliseconds(15);

    public ClientRequirement Requirement => ClientRequirements.Backoff;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        await using var server = await InstrumentedServer.StartAsync(o => o.ExpiringNotice = TimeSpan.Zero).ConfigureAwait(false);
        var generator =
            from refused in Gen.Choose(500, 1500)
            from step in Gen.Choose(20, 60)
            select new BackoffCase(refused, step);
        return await PropertyCheck.RunAsync(run, Requirement, generator, Shrink, c => ScenarioAsync(run, server, c), Math.Max(3, run.Options.Iterations / 4), shrinkBudget: 6).ConfigureAwait(false);
    }

    private static IEnumerable<BackoffCase> Shrink(BackoffCase c)
    {
        foreach (var refused in PropertyCheck.Toward(c.RefusedForMs, 500))
        {
            yield return c with { RefusedForMs = refused };
        }

        foreach (var step in PropertyCheck.Toward(c.StepMs, 60))
        {
            yield return c with { StepMs = step };
        }
    }

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server, BackoffCase c)
    {
        await using var client = await ScenarioClient.CreateAsync(run, server, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)).ConfigureAwait(false);
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

        server.Calls.RefuseWatches(session, true);
        var mark = server.Calls.NextIndex;
        int Attempts() => client.SessionCalls("WatchSession").Count(r => r.Index >= mark);
        server.Calls.DropWatches(session);

        await Task.Delay(client.QuietPeriod).ConfigureAwait(false);
        var standing = Attempts();
        if (standing > 1)
        {
            return $"{standing} reconnect attempts while its clock stood still";
        }

        var advanced = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(c.StepMs);
        while (advanced < TimeSpan.FromMilliseconds(c.RefusedForMs))
        {
            var before = Attempts();
            await client.AdvanceClientAsync(step).ConfigureAwait(false);
            advanced += step;
            if (await client.WaitForServerAsync(() => Attempts() > before, StepSettle).ConfigureAwait(false))
            {
                // Let the refusal reach the client and its next timer be armed before the
                // clock moves on; otherwise a client that retries at once is undercounted.
                await client.WaitForServerAsync(() => client.SessionCalls("WatchSession").All(r => r.Status is not null)).ConfigureAwait(false);
                await Task.Delay(StepSettle).ConfigureAwait(false);
            }
        }

        await Task.Delay(client.QuietPeriod).ConfigureAwait(false);
        var attempts = Attempts();
        var allowed = 2 + (2 * advanced.TotalSeconds);
        if (attempts > allowed)
        {
            return $"{attempts} reconnect attempts while its clock ran {advanced.TotalSeconds:0.###} s (at most {allowed:0.#} allowed)";
        }

        server.Calls.RefuseWatches(session, false);
        var accepted = server.Calls.NextIndex;
        bool Back() => server.Calls.OpenWatchCount(session) > 0 && client.SessionCalls("WatchSession").Any(r => r.Index >= accepted);
        for (var i = 0; i < 2; i++)
        {
            await client.AdvanceClientAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            if (await client.WaitForServerAsync(Back, TimeSpan.FromSeconds(1)).ConfigureAwait(false))
            {
                return null;
            }
        }

        // Slow machines: the last step's reconnect may still be on its way.
        return await client.WaitForServerAsync(Back).ConfigureAwait(false)
            ? null
            : "did not reconnect within 60 s of its clock once the server accepted again";
    }
}
