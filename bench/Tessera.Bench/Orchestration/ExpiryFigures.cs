using System.Globalization;
using Tessera.Bench.Expiry;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// Expiry lateness with the real clock: an <c>expiry</c> child alone on the
/// server core per round. Its baseline is each session's own due time
/// (exp + leeway); lateness = when the session left ACTIVE - due time.
/// </summary>
internal static class ExpiryFigures
{
    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        var sessions = context.Smoke ? 2_000 : 100_000;
        var spread = context.Smoke ? 2.0 : 60.0;
        var lead = context.Smoke ? 3.0 : 10.0;
        var rounds = context.Smoke ? 1 : Math.Min(context.Rounds, 2);
        var results = new List<ExpiryResult>();
        for (var round = 1; round <= rounds; round++)
        {
            var command = BenchContext.SelfCommand(
                "expiry",
                "--sessions", sessions.ToString(CultureInfo.InvariantCulture),
                "--spread", spread.ToString(CultureInfo.InvariantCulture),
                "--lead", lead.ToString(CultureInfo.InvariantCulture));
            await using var child = ChildProcess.Start("expiry", command, context.Cores.ServerCore, context.Verbose);
            var result = await child.ReadAsync<ExpiryResult>("EXPIRY", TimeSpan.FromSeconds(lead + spread + 180)).ConfigureAwait(false);
            var exit = await child.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new Cli.BenchFailedException($"expiry exited with {exit}.{Environment.NewLine}{child.RecentLog}");
            }

            results.Add(result);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round}/{rounds} p50 {result.ExpireP50:0.0} ms, p99 {result.ExpireP99:0.0} ms, max {result.ExpireMax:0.0} ms, CPU {result.CpuPercent:0.00} % of a core, set-up {result.SetupSeconds:0.0} s"));
        }

        var p99 = Spread.Of(results.Select(r => r.ExpireP99).ToList());
        var max = Spread.Of(results.Select(r => r.ExpireMax).ToList());
        var p50 = Spread.Of(results.Select(r => r.ExpireP50).ToList());
        var cpu = Spread.Of(results.Select(r => r.CpuPercent).ToList());
        var first = results[0];
        var perSession = (first.ManagedAfter - first.ManagedBefore) / (double)first.Sessions;
        var count = sessions >= 1000 ? $"{sessions / 1000}k" : sessions.ToString(CultureInfo.InvariantCulture);
        var rows = new List<FigureRow>
        {
            new(
                $"expiry lateness with the real clock, {count} sessions expiring over {spread:0} s",
                "each session's exp + leeway",
                $"p99 {p99.Format("0.0", " ms")}, max {max.Format("0.0", " ms")}, p50 {p50.Format("0.0", " ms")}; scheduler CPU {cpu.Format("0.00", " %")} of a core",
                "p99 <= 250 ms, max <= 1 s, scheduler CPU <= 5 % of a core",
                Verdict.Of(context.Smoke, p99.Median <= 250, max.Median <= 1000, cpu.Median <= 5)),
            new(
                $"timers held by the scheduler, and memory, at {count} sessions with the real clock (for issue 3)",
                "managed heap before the sessions, same process",
                string.Create(CultureInfo.InvariantCulture, $"{(first.TimersHeld is { } held ? held.ToString("N0", CultureInfo.InvariantCulture) + " timers" : "timer count unavailable (SessionRegistry.Scheduler not found)")}; sessions + store + scheduler {perSession:0} B managed per session ({(first.ManagedAfter - first.ManagedBefore) / 1024.0 / 1024.0:0.0} MB, RSS +{(first.RssAfter - first.RssBefore) / 1024.0 / 1024.0:0.0} MB); scheduler alone {first.SchedulerBytesPerTimer:0} B per timer"),
                "-",
                "measured"),
        };
        var method = new List<string>
        {
            $"`expiry` child alone on the server core ({context.Cores.Description}): `SessionRegistry.CreateInMemory` with the default options (leeway 5 s, expiry_grace 30 s, expiring_notice 60 s) and `TimeProvider.System`, i.e. the server's in-memory store and its one `ExpiryScheduler`, without the transport. {sessions:N0} sessions are started in {first.SetupSeconds:0.0} s (validated-token inputs, one user and instance each) with exp + leeway spread evenly over {spread:0} s from {lead:0} s after set-up, plus a random sub-millisecond offset.",
            "Lateness = the store's clock when the session left ACTIVE (the transition snapshot's `AsOf`) - (exp + leeway), from a lifecycle observer; every session must expire (EXP-1) or the run fails. CPU = the process's CPU time over the window from the first due time to the last expiry, / window wall time; nothing else runs in that process, so it bounds the scheduler's cost (the Expire firings, the store work they do, and the expiry_grace Terminate firings of the first half).",
            string.Create(CultureInfo.InvariantCulture, $"Timers held after set-up: every session's Expire timer, plus the ExpiringNotice timer of the sessions whose exp - 60 s was still ahead (the others got token_expiring at start, EXP-5); the count is read from the registry's scheduler by reflection. Once a session expires, its Terminate timer (exp + leeway + 30 s) replaces the Expire timer; grace terminations seen in the window (round 1): {first.TerminateObserved:N0}, p99 {first.TerminateP99:0.0} ms, max {first.TerminateMax:0.0} ms late. Scheduler alone: a standalone `ExpiryScheduler` holding {Math.Min(sessions, 50_000) * 2:N0} far-future timers, managed bytes per armed timer."),
            $"Rounds: {rounds}, each a fresh process.",
        };
        return new SectionResult("Expiry", rows, method);
    }
}
