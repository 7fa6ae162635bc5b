using FsCheck;
using FsCheck.Fluent;
using Tessera.Conformance.Clients.Running;
using Tessera.Conformance.Clients.Server;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>
/// CLI-6: the client's watch stream is cut at random points while events
/// happen (token updates, which the server records whether or not anyone
/// watches). Each reconnect must resume after the last seq the app got, and
/// in the end the app must have seen 1..n, each once, in order.
/// </summary>
internal sealed class ResumeCheck : IClientCheck
{
    public ClientRequirement Requirement => ClientRequirements.Resume;

    public async Task<ClientRequirementVerdict> RunAsync(RunContext run)
    {
        await using var server = await InstrumentedServer.StartAsync(o => o.ExpiringNotice = TimeSpan.Zero).ConfigureAwait(false);
        var step = Gen.Frequency((2, Gen.Constant(ResumeStep.Drop)), (3, Gen.Constant(ResumeStep.Update)), (2, Gen.Constant(ResumeStep.Reconnect)));
        var generator =
            from count in Gen.Choose(2, 8)
            from steps in Gen.ListOf(step, count)
            select new ResumeCase([ResumeStep.Update, ResumeStep.Drop, .. steps]);
        return await PropertyCheck.RunAsync(run, Requirement, generator, Shrink, c => ScenarioAsync(run, server, c), Math.Max(4, run.Options.Iterations / 2)).ConfigureAwait(false);
    }

    private static IEnumerable<ResumeCase> Shrink(ResumeCase c) =>
        PropertyCheck.List(c.Steps, 1, _ => []).Select(steps => new ResumeCase(steps));

    private static async Task<string?> ScenarioAsync(RunContext run, InstrumentedServer server, ResumeCase c)
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

        var events = 0L;
        var connected = true;
        var dropMark = 0L;
        var seenAtDrop = 0L;
        foreach (var step in c.Steps.Append(ResumeStep.Reconnect))
        {
            switch (step)
            {
                case ResumeStep.Drop when connected:
                    // Resume is judged against what the app had: let the live events arrive first.
                    if (!await client.WaitForClientAsync(() => client.ReportedSeqs().Count >= events).ConfigureAwait(false))
                    {
                        return Describe(client.ReportedSeqs(), events, "before the stream was cut");
                    }

                    seenAtDrop = client.ReportedSeqs().Count == 0 ? 0 : client.ReportedSeqs().Max();
                    dropMark = server.Calls.NextIndex;
                    server.Calls.DropWatches(session);
                    connected = false;
                    break;
                case ResumeStep.Update:
                    server.Advance(TimeSpan.FromSeconds(1));
                    var updated = await client.UpdateAsync(client.Mint()).ConfigureAwait(false);
                    if (!updated.Ok)
                    {
                        return "update failed: " + updated;
                    }

                    events++;
                    break;
                case ResumeStep.Reconnect when !connected:
                    if (!await client.AdvanceUntilReconnectAsync(dropMark).ConfigureAwait(false))
                    {
                        return "did not reopen the watch stream within 120 s of its clock";
                    }

                    var reopened = client.SessionCalls("WatchSession").First(r => r.Index >= dropMark);
                    if ((long)reopened.ResumeAfterSeq != seenAtDrop)
                    {
                        return $"reopened the stream with resume_after_seq {reopened.ResumeAfterSeq}; the app had seen up to seq {seenAtDrop}";
                    }

                    connected = true;
                    break;
            }
        }

        await client.WaitForClientAsync(() => client.ReportedSeqs().Count >= events).ConfigureAwait(false);
        await Task.Delay(client.QuietPeriod / 5).ConfigureAwait(false);
        var seqs = client.ReportedSeqs();
        return seqs.SequenceEqual(Enumerable.Range(1, (int)events).Select(i => (long)i)) ? null : Describe(seqs, events, "in the end");
    }

    private static string Describe(List<long> seqs, long expected, string when)
    {
        var duplicates = seqs.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var missing = Enumerable.Range(1, (int)expected).Select(i => (long)i).Except(seqs).ToList();
        var shown = string.Join(",", seqs.Take(20));
        return $"{when} the app had seen seqs [{shown}] of 1..{expected}"
            + (duplicates.Count > 0 ? $"; repeated: {string.Join(",", duplicates)}" : string.Empty)
            + (missing.Count > 0 ? $"; missing: {string.Join(",", missing)}" : string.Empty);
    }
}
