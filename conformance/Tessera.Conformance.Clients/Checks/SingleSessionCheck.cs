using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-4: the app starts and ends sessions in any order (same user again,
/// another user). The client must send StartSession only when it holds no
/// live session, refuse the others locally, and the server must see exactly
/// as many starts as a correct client sends.
/// </summary>
internal sealed class SingleSessionCheck : IClientCheck
{
    public ClientRequirement Requirement => ClientRequirements.SingleSession;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        await using var server = await InstrumentedServer.StartAsync(o => o.ExpiringNotice = TimeSpan.Zero).ConfigureAwait(false);
        var op =
            from start in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from user in Gen.Choose(0, 2)
            select new SessionOp(start, user);
        var generator =
            from count in Gen.Choose(2, 8)
            from ops in Gen.ListOf(op, count)
            select new SingleSessionCase([new SessionOp(true, 0), .. ops]);
        return await PropertyCheck.RunAsync(run, Requirement, generator, Shrink, c => ScenarioAsync(run, server, c), run.Options.Iterations).ConfigureAwait(false);
    }

    private static IEnumerable<SingleSessionCase> Shrink(SingleSessionCase c) =>
        PropertyCheck.List(c.Ops, 1, o => o.User > 0 ? [o with { User = 0 }] : []).Select(ops => new SingleSessionCase(ops));

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server, SingleSessionCase c)
    {
        await using var client = await ScenarioClient.CreateAsync(run, server, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)).ConfigureAwait(false);
        var live = false;
        var expectedStarts = 0;
        foreach (var op in c.Ops)
        {
            if (!op.Start)
            {
                var ended = await client.EndAsync().ConfigureAwait(false);
                if (!ended.Ok)
                {
                    return "end failed: " + ended;
                }

                live = false;
                continue;
            }

            var token = server.Mint($"{client.Subject}-u{op.User}", TimeSpan.FromHours(1), client.Roles);
            var answer = await client.StartAsync(token).ConfigureAwait(false);
            if (live)
            {
                if (answer.Ok)
                {
                    return $"{op} succeeded while a session was live";
                }

                if (!answer.ErrorIsLocal)
                {
                    return $"{op} while a session was live reached the server: {answer}";
                }
            }
            else if (!answer.Ok)
            {
                return $"{op} with no live session failed: {answer}";
            }
            else
            {
                live = true;
                expectedStarts++;
            }
        }

        var starts = server.Calls.ClientCalls(r => r.Method == "StartSession" && r.ClientInstanceId == client.InstanceId).Count;
        return starts == expectedStarts ? null : $"the server saw {starts} StartSession calls from this instance; a client holding one session at a time sends {expectedStarts}";
    }
}
