namespace Tessera.Client.Internal;

/// <summary>
/// The client's estimate of the server's clock: the local clock plus the
/// offset seen in the last answer that carried <c>server_time</c>. Refresh
/// times are server times (a token's <c>exp</c> is judged on the server's
/// clock, TOK-12), so a client whose own clock is wrong by an hour still
/// refreshes on time. The answer is assumed to be stamped halfway through the
/// round trip.
/// </summary>
internal sealed class ServerClock
{
    private readonly TimeProvider _local;
    private long _offsetTicks;

    public ServerClock(TimeProvider local) => _local = local;

    /// <summary>Server time minus local time, as last observed.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The local clock's now.</summary>
    public DateTimeOffset LocalNow => _local.GetUtcNow();

    /// <summary>The server's clock now, as estimated.</summary>
    public DateTimeOffset ServerNow => _local.GetUtcNow() + Offset;

    /// <summary>Records an answer stamped <paramref name="serverTime"/> for a call sent at <paramref name="sentAt"/> and answered at <paramref name="receivedAt"/> (local times).</summary>
    public void Observe(DateTimeOffset serverTime, DateTimeOffset sentAt, DateTimeOffset receivedAt)
    {
        var midpoint = sentAt + ((receivedAt - sentAt) / 2);
        Interlocked.Exchange(ref _offsetTicks, (serverTime - midpoint).Ticks);
    }

    /// <summary>How long, on the local clock, until the server's clock reads <paramref name="serverInstant"/>; zero when already past.</summary>
    public TimeSpan DelayUntil(DateTimeOffset serverInstant)
    {
        var delay = serverInstant - ServerNow;
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }
}
