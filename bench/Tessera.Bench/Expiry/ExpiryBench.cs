using System.Diagnostics;
using System.Reflection;
using Tessera.Bench.Cli;
using Tessera.Bench.Server;
using Tessera.Server.Options;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Tokens;

namespace Tessera.Bench.Expiry;

/// <summary>
/// <c>expiry</c>: EXP-6 with the real clock. A session registry built the way
/// the server builds it (in-memory store, one <see cref="ExpiryScheduler"/>,
/// <see cref="TimeProvider.System"/>, default options: leeway 5 s, expiry
/// grace 30 s, expiring notice 60 s) gets N sessions whose exp + leeway are
/// spread evenly over the window, starting a few seconds after set-up; the
/// recorder notes how late each one leaves ACTIVE. The process's CPU time over
/// the window (first due to last firing) is the scheduler's cost: nothing else
/// runs in this process then.
/// </summary>
internal static class ExpiryBench
{
    private const string Issuer = "bench-issuer";

    public static async Task<int> RunAsync(ExpiryOptions options)
    {
        var sessions = options.Sessions;
        var spread = TimeSpan.FromSeconds(options.Spread);
        var lead = TimeSpan.FromSeconds(options.Lead);

        var schedulerBytesPerTimer = MeasureSchedulerBytesPerTimer(Math.Min(sessions, 50_000) * 2);

        var sessionOptions = new TesseraServerOptions();
        var leeway = new TokenValidationOptions().ClockSkewLeeway;
        var recorder = new LatenessRecorder(sessions, leeway, sessionOptions.ExpiryGrace);
        using var registry = SessionRegistry.CreateInMemory(sessionOptions, leeway, TimeProvider.System, recorder);
        var roles = new[] { "member" };

        var before = MemoryProbe.Measure();
        var setup = Stopwatch.StartNew();
        var firstDue = DateTimeOffset.UtcNow + lead;
        for (var i = 0; i < sessions; i++)
        {
            // Even spacing plus a sub-millisecond offset, so due times are not whole milliseconds.
            var due = firstDue + (spread * i / sessions) + TimeSpan.FromTicks(Random.Shared.Next(0, (int)TimeSpan.TicksPerMillisecond));
            var user = "user-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var token = new ValidatedToken(Issuer, user, roles, due - leeway, firstDue - TimeSpan.FromMinutes(1), null);
            var result = registry.Start(new StartSessionInput("instance-" + user, TokenCheck.Valid(token), null, TesseraServerOptions.ProtocolVersionV1, string.Empty));
            if (!result.IsSuccess)
            {
                throw new BenchFailedException($"session {i} did not start: {result.Error}");
            }
        }

        setup.Stop();
        var timersHeld = ReadTimerCount(registry);
        var after = MemoryProbe.Measure();
        if (DateTimeOffset.UtcNow >= firstDue)
        {
            throw new BenchFailedException($"set-up took {setup.Elapsed.TotalSeconds:0.0} s, past the first due time; raise --lead");
        }

        // The window opens at the first due time and closes when the last session has expired.
        var untilFirstDue = firstDue - DateTimeOffset.UtcNow;
        if (untilFirstDue > TimeSpan.Zero)
        {
            await Task.Delay(untilFirstDue).ConfigureAwait(false);
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        var window = Stopwatch.StartNew();
        var deadline = firstDue + spread + TimeSpan.FromSeconds(30);
        while (recorder.ExpireCount < sessions && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        window.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        if (recorder.ExpireCount < sessions)
        {
            throw new BenchFailedException($"only {recorder.ExpireCount} of {sessions} sessions expired by 30 s after the last due time (EXP-1)");
        }

        var expire = recorder.SortedExpire();
        var terminate = recorder.SortedTerminate();
        ChildProtocol.Emit("EXPIRY", new ExpiryResult(
            sessions,
            spread.TotalSeconds,
            setup.Elapsed.TotalSeconds,
            timersHeld,
            before.Managed,
            after.Managed,
            before.Rss,
            after.Rss,
            schedulerBytesPerTimer,
            expire.Length,
            Percentile(expire, 0.50),
            Percentile(expire, 0.99),
            expire[^1],
            expire[0],
            terminate.Length,
            terminate.Length > 0 ? Percentile(terminate, 0.99) : double.NaN,
            terminate.Length > 0 ? terminate[^1] : double.NaN,
            window.Elapsed.TotalSeconds,
            100 * cpu.TotalSeconds / window.Elapsed.TotalSeconds));
        return 0;
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// Managed bytes one armed timer costs the scheduler on its own (heap node,
    /// index entry, heap slot): a standalone scheduler with <paramref name="timers"/>
    /// far-future timers, session ids allocated before the first sample.
    /// </summary>
    private static double MeasureSchedulerBytesPerTimer(int timers)
    {
        var ids = new string[timers / 2];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = "session-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using var scheduler = new ExpiryScheduler(TimeProvider.System, static _ => { });
        var before = MemoryProbe.Measure().Managed;
        var due = DateTimeOffset.UtcNow + TimeSpan.FromHours(1);
        for (var i = 0; i < ids.Length; i++)
        {
            scheduler.Schedule(ids[i], TimerKind.ExpiringNotice, due.AddTicks(i), 1);
            scheduler.Schedule(ids[i], TimerKind.Expire, due.AddTicks(i).AddMinutes(1), 1);
        }

        var after = MemoryProbe.Measure().Managed;
        GC.KeepAlive(ids);
        return scheduler.Count == timers ? (after - before) / (double)timers : double.NaN;
    }

    /// <summary>
    /// Timers the registry's scheduler holds. The scheduler is internal to the
    /// registry, so this reads it by reflection; null (reported, not fatal) when
    /// the member was renamed.
    /// </summary>
    private static int? ReadTimerCount(SessionRegistry registry)
    {
        var property = typeof(SessionRegistry).GetProperty("Scheduler", BindingFlags.Instance | BindingFlags.NonPublic);
        return property?.GetValue(registry) is ExpiryScheduler scheduler ? scheduler.Count : null;
    }
}
