using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-3: the provider fails (or returns nothing) during a proactive or a
/// reactive refresh. The client must report a session error, must not ask
/// again, and must not send anything bound to the session but EndSession,
/// however long it then lives.
/// </summary>
internal sealed class ProviderFailureCheck : IClientCheck
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    public ClientRequirement Requirement => ClientRequirements.ProviderFailure;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        await using var server = await InstrumentedServer.StartAsync(o =>
        {
            o.ExpiringNotice = TimeSpan.Zero;
            o.ExpiryGrace = TimeSpan.FromMinutes(10);
        }).ConfigureAwait(false);
        var generator =
            from reactive in Gen.Elements(false, true)
            from empty in Gen.Elements(false, true)
            select new ProviderFailureCase(reactive, empty);
        return await PropertyCheck.RunAsync(run, Requirement, generator, Shrink, c => ScenarioAsync(run, server, c), Math.Max(4, run.Options.Iterations / 2)).ConfigureAwait(false);
    }

    private static IEnumerable<ProviderFailureCase> Shrink(ProviderFailureCase c)
    {
        if (c.Reactive)
        {
            yield return c with { Reactive = false };
        }

        if (c.EmptyToken)
        {
            yield return c with { EmptyToken = false };
        }
    }

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server, ProviderFailureCase c)
    {
        await using var client = await ScenarioClient.CreateAsync(run, server, TimeSpan.Zero, Margin, Lifetime).ConfigureAwait(false);
        var started = await client.StartAsync(client.Mint()).ConfigureAwait(false);
        if (!started.Ok)
        {
            return "start failed: " + started;
        }

        var session = client.SessionId!;
        await client.WaitWatchOpenAsync().ConfigureAwait(false);
        var asked = client.TokenRequests().Count;
        client.Mode = c.EmptyToken ? TokenReplyMode.Empty : TokenReplyMode.Fail;
        // From here on only EndSession may name the session, besides (reactive) the
        // one call that meets the expired token: the provider's failure is answered
        // the moment it asks, so there is no later point that is safe to start from.
        var cut = server.Calls.NextIndex;
        Task<Harness.HarnessAnswer>? call = null;
        if (c.Reactive)
        {
            server.Calls.RefuseWatches(session, true);
            server.Calls.DropWatches(session);
            server.Advance(Lifetime + server.Leeway + TimeSpan.FromSeconds(1));
            call = client.SendGet();
        }
        else
        {
            await client.AdvanceBothAsync(Lifetime - Margin).ConfigureAwait(false);
        }

        if (!await client.WaitForClientAsync(() => client.TokenRequests().Count > asked).ConfigureAwait(false))
        {
            return "never asked the provider for a token";
        }

        if (!await client.WaitForClientAsync(() => client.SessionErrors().Count > 0).ConfigureAwait(false))
        {
            return "reported no session error after the provider failed";
        }

        if (call is not null && (await call.WaitAsync(client.EventTimeout).ConfigureAwait(false)).Ok)
        {
            return "the call that met the expired token succeeded without a new token";
        }

        // Let whatever the client still has scheduled come due.
        await client.AdvanceClientAsync(Lifetime).ConfigureAwait(false);
        await Task.Delay(client.QuietPeriod).ConfigureAwait(false);
        await client.AdvanceClientAsync(Lifetime).ConfigureAwait(false);
        await Task.Delay(client.QuietPeriod).ConfigureAwait(false);

        var asks = client.TokenRequests().Count - asked;
        if (asks != 1)
        {
            return $"asked the provider {asks} times; after a failure it must not ask again";
        }

        var after = server.Calls.ClientCalls(r => r.SessionId == session && r.Index >= cut && r.Method != "EndSession");
        if (c.Reactive && after.Count > 0 && after[0].Method == "GetSession")
        {
            after.RemoveAt(0);
        }

        return after.Count == 0 ? null : "after the provider failed it still sent " + string.Join(", ", after.Take(3));
    }
}
