using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;

namespace Tessera.Server.Redis;

/// <summary>
/// Fires the timers of nodes that did not (issue 11: a dead node's expiries, notices,
/// grace ends and disconnects fire elsewhere within its lease). Every node's own
/// scheduler fires what it armed on time; this looks every half lease for entries of
/// the shared timer set overdue by more than the lease, claims them atomically and
/// fires them here.
/// </summary>
internal sealed class RedisTimerTakeover : BackgroundService
{
    private const int BatchSize = 500;
    private readonly RedisSessionStore _store;
    private readonly SessionRegistry _registry;
    private readonly ILogger<RedisTimerTakeover> _logger;

    public RedisTimerTakeover(RedisSessionStore store, SessionRegistry registry, ILogger<RedisTimerTakeover> logger)
    {
        _store = store;
        _registry = registry;
        _logger = logger;
    }

    /// <summary>
    /// One pass: renews this node's watcher leases, ends the watchers of nodes that
    /// stopped renewing theirs (EVT-6), then claims and fires the timers overdue by
    /// more than the lease; returns how many timers it fired.
    /// </summary>
    public int RunOnce()
    {
        _store.RenewWatcherLeases();
        _registry.Adopt(_store.ReapExpiredWatchers(_registry.Time.GetUtcNow(), BatchSize));
        var fired = 0;
        while (true)
        {
            var claimed = _store.ClaimOverdueTimers(_registry.Time.GetUtcNow(), BatchSize);
            foreach (var firing in claimed)
            {
                _registry.FireTimer(firing);
                fired++;
            }

            if (claimed.Count < BatchSize)
            {
                return fired;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The poll runs on the real clock whatever the rules' clock: it is a liveness
        // mechanism; what is overdue is judged by the rules' clock.
        using var timer = new PeriodicTimer(_store.Options.TimerLease / 2);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var fired = RunOnce();
                if (fired > 0)
                {
                    _logger.LogInformation("fired {Count} timers another node had not fired within its lease", fired);
                }
            }
            catch (SessionStoreUnavailableException e)
            {
                // The entries stay in Redis; the next pass after it returns fires them.
                _logger.LogWarning("timer takeover skipped: {Message}", e.Message);
            }
        }
    }
}
