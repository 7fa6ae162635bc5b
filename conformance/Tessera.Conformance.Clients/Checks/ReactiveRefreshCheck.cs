using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-2: the session expires on the server while the client's clock stands
/// still (a device that slept) and its watch stream is cut (so no
/// token_expired event warns it); then several app calls run at once. They
/// must cost one token request and one update, and each must succeed, with
/// only the refused ones sent a second time.
/// </summary>
internal sealed class ReactiveRefreshCheck : IClientCheck
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public ClientRequirement Requirement => ClientRequirements.ReactiveRefresh;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        await using var server = await InstrumentedServer.StartAsync(o =>
        {
            o.ExpiringNotice = TimeSpan.Zero;
            o.ExpiryGrace = TimeSpan.FromMinutes(10);
        }).ConfigureAwait(false);
        var generator =
            from calls in Gen.Choose(1, 8)
            from slow in Gen.Elements(false, true)
            select new ReactiveCase(calls, slow);
        return await PropertyCheck.RunAsync(run, Requirement, generator, Shrink, c => ScenarioAsync(run, server, c), run.Options.Iterations).ConfigureAwait(false);
    }

    private static IEnumerable<ReactiveCase> Shrink(ReactiveCase c)
    {
        foreach (var calls in PropertyCheck.Toward(c.Calls, 1))
        {
            yield return c with { Calls = calls };
        }

        if (c.SlowBackend)
        {
            yield return c with { SlowBackend = false };
        }
    }

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server, ReactiveCase c)
    {
        await using var client = await ScenarioClient.CreateAsync(run, server, TimeSpan.Zero, TimeSpan.FromSeconds(30), Lifetime).ConfigureAwait(false);
        var started = await client.StartAsync(client.Mint()).ConfigureAwait(false);
        if (!started.Ok)
        {
            return "start failed: " + started;
        }

        var session = client.SessionId!;
        await client.WaitWatchOpenAsync().ConfigureAwait(false);
        server.Calls.RefuseWatches(session, true);
        server.Calls.DropWatches(session);
        server.Advance(Lifetime + server.Leeway + TimeSpan.FromSeconds(1));

        var mark = server.Calls.NextIndex;
        var asked = client.TokenRequests().Count;
        if (c.SlowBackend)
        {
            client.Mode = TokenReplyMode.Hold;
        }

        var answers = Enumerable.Range(0, c.Calls).Select(_ => client.SendGet()).ToArray();
        List<CallRecord> Gets() => server.Calls.ClientCalls(r => r.Method == "GetSession" && r.SessionId == session && r.Index >= mark);
        if (!await client.WaitForClientAsync(() => client.TokenRequests().Count > asked).ConfigureAwait(false))
        {
            return "no token request after the calls were refused with TOKEN_EXPIRED";
        }

        if (c.SlowBackend)
        {
            // Give every call the chance to meet the expiry before the token comes.
            await client.WaitForServerAsync(() => Gets().Count(g => g.Refused) >= c.Calls, client.QuietPeriod).ConfigureAwait(false);
            client.ReleaseHeld();
        }

        HarnessAnswerSet results;
        try
        {
            results = new HarnessAnswerSet(await Task.WhenAll(answers).WaitAsync(client.EventTimeout * 2).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            return $"not every call finished within {(client.EventTimeout * 2).TotalSeconds:0} s of the refresh";
        }

        if (results.FirstFailure is { } failed)
        {
            return "a call failed: " + failed;
        }

        await client.WaitForServerAsync(() => Gets().All(g => g.Status is not null)).ConfigureAwait(false);
        var gets = Gets();
        var succeeded = gets.Count(g => g.Status == 0);
        var refused = gets.Count(g => g.Refused);
        var tokenRequests = client.TokenRequests().Count - asked;
        var updates = server.Calls.ClientCalls(r => r.Method == "UpdateSessionToken" && r.SessionId == session && r.Index >= mark).Count;
        if (tokenRequests != 1)
        {
            return $"asked the provider {tokenRequests} times for one expiry";
        }

        if (updates != 1)
        {
            return $"sent UpdateSessionToken {updates} times for one expiry";
        }

        if (succeeded != c.Calls)
        {
            return $"{c.Calls} app call(s) but {succeeded} GetSession succeeded at the server ({refused} refused)";
        }

        if (refused > c.Calls)
        {
            return $"{refused} refusals for {c.Calls} call(s): a call was sent again before the new token was in";
        }

        return null;
    }
}
