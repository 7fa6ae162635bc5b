namespace Tessera.Server.Redis;

/// <summary>Settings of <see cref="RedisSessionStore"/> that are not session rules.</summary>
public sealed record RedisStoreOptions
{
    /// <summary>The configuration key whose value (host:port, or any StackExchange.Redis configuration string) selects this store.</summary>
    public const string ConfigurationKey = "Tessera:Store:Redis";

    /// <summary>The configuration key of <see cref="TimerLease"/> (a TimeSpan, e.g. 00:00:01): a short lease lets tests kill a node and see takeover soon.</summary>
    public const string TimerLeaseKey = "Tessera:Store:TimerLease";

    /// <summary>Prefix of every key and channel: nodes of one deployment share it, and tests give each store its own.</summary>
    public string KeyPrefix { get; init; } = "tessera:";

    /// <summary>
    /// How long an operation waits for its own events to come back through the
    /// subscription (so this node's watchers have them when the call returns, CLK-3).
    /// Past it the operation fails UNAVAILABLE: the state is stored, but the events'
    /// delivery here could not be confirmed, so the watchers are cut to resume.
    /// </summary>
    public TimeSpan EventEchoTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late past its due time a timer may be before another node fires it, and how
    /// long a watcher counts without its node renewing it (issue 11: a dead node's timers
    /// fire, and its watchers stop counting, within it).
    /// </summary>
    public TimeSpan TimerLease { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The clock of the watcher leases (EVT-6 across nodes): the wall clock, whatever clock
    /// the rules run on, since a lease measures whether a node is alive. Tests pass a manual one.
    /// </summary>
    public TimeProvider LeaseClock { get; init; } = TimeProvider.System;
}
