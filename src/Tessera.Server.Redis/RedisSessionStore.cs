using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Events;
using Tessera.Server.Scheduling;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Tokens;

namespace Tessera.Server.Redis;

/// <summary>
/// <see cref="ISessionStore"/> over one Redis shared by every node of a deployment
/// (issue 11). Each operation is one Lua script (Scripts/), so the single-session rule
/// (ONE-1) and every other check-and-change is atomic across nodes; each session's
/// events are numbered and logged in the script that changes its state (EVT-1), and
/// its timers' due times live in one sorted set (<c>{prefix}timers</c>) for takeover.
/// </summary>
/// <remarks>
/// Fail closed: when Redis cannot be reached every operation throws
/// <see cref="SessionStoreUnavailableException"/> (UNAVAILABLE on the wire); nothing
/// is kept locally, so a node never answers from state another node cannot see. The
/// multiplexer reconnects by itself, and calls succeed again once it has.
/// Keys are built inside the scripts, so this targets one Redis (or a primary with
/// replicas), not Redis Cluster.
/// </remarks>
internal sealed partial class RedisSessionStore : ISessionStore, IDisposable
{
    /// <summary>
    /// Each firing is a script round trip plus its event's echo: one at a time, a node
    /// fell seconds behind when 100k sessions expired in a minute (docs/benchmarks.md).
    /// Requests of parallel firings share the multiplexer's one connection, pipelined.
    /// </summary>
    public int TimerFiringParallelism => 16;

    private readonly IConnectionMultiplexer _redis;
    private readonly SessionPolicy _policy;
    private readonly RedisStoreOptions _options;
    private readonly RedisEventRelay _relay;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> ScriptHashes = new(StringComparer.Ordinal);
    private readonly string _nodeId = Guid.NewGuid().ToString("N");
    private readonly Dictionary<string, List<string>> _localWatches = new(StringComparer.Ordinal);
    private long _nonce;

    /// <param name="onEventsMayBeLost">
    /// Called when the event subscription broke: this node's watchers may have missed
    /// events and must be cut so that they resume (the host passes the hub's abort).
    /// </param>
    public RedisSessionStore(IConnectionMultiplexer redis, SessionPolicy policy, ISessionEventSink sink, RedisStoreOptions options, Action? onEventsMayBeLost = null)
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        ArgumentNullException.ThrowIfNull(sink);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        // Subscribes when it can: a node starts while Redis is down and fails closed until it is back.
        _relay = new RedisEventRelay(redis, options.KeyPrefix + "events", sink, onEventsMayBeLost);
    }

    /// <summary>The sorted set of every armed timer's due time: member "kind:sessionId", score ms since 0001-01-01.</summary>
    internal string TimersKey => _options.KeyPrefix + "timers";

    internal IDatabase Database => _redis.GetDatabase();

    internal RedisStoreOptions Options => _options;

    /// <inheritdoc />
    public SessionSnapshot? Get(string sessionId, DateTimeOffset now)
    {
        var fields = Call(() => Database.HashGetAll(_options.KeyPrefix + "s:" + sessionId));
        if (fields.Length == 0)
        {
            return null;
        }

        var map = fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        return new SessionSnapshot(
            sessionId,
            map["cid"],
            map["iss"],
            map["uid"],
            map["guest"] == "1",
            Roles(map["roles"]),
            (SessionState)Int(map["st"]),
            TickText.Parse(map["exp"]),
            (SessionEndReason)Int(map.GetValueOrDefault("er", "0")),
            TickText.Parse(map["sa"]),
            map.TryGetValue("ta", out var ta) && ta.Length > 0 ? TickText.Parse(ta) : null,
            ulong.Parse(map.GetValueOrDefault("last", "0"), CultureInfo.InvariantCulture),
            now);
    }

    /// <inheritdoc />
    public StoreOutcome TryStart(StartCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = Run(SessionStoreScripts.Start, command.Now,
            command.SessionId, command.ClientInstanceId, command.Issuer, command.UserId, command.Guest ? "1" : "0",
            JsonSerializer.Serialize(command.Roles), TickText.Of(command.ExpiresAt));
        return ToOutcome(result, command.Now);
    }

    /// <inheritdoc />
    public StoreOutcome TryUpdate(string sessionId, ValidatedToken token, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        var roles = JsonSerializer.Serialize(RoleSet.Normalize(token.Roles));
        var result = Run(SessionStoreScripts.Update, now, sessionId, token.Issuer, token.Subject, roles, TickText.Of(token.ExpiresAt));
        return ToOutcome(result, now);
    }

    /// <inheritdoc />
    public StoreOutcome End(string sessionId, DateTimeOffset now) =>
        ToOutcome(Run(SessionStoreScripts.End, now, sessionId), now);

    /// <inheritdoc />
    public StoreOutcome ApplyTimer(string sessionId, TimerKind kind, ulong generation, DateTimeOffset now) =>
        ToOutcome(Run(SessionStoreScripts.Timer, now, sessionId, ((int)kind).ToString(CultureInfo.InvariantCulture), generation.ToString(CultureInfo.InvariantCulture)), now);

    /// <inheritdoc />
    public WatchOpenOutcome OpenWatch(string sessionId, ulong resumeAfterSeq, DateTimeOffset now)
    {
        var watchId = Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture) + "@" + _nodeId;
        var result = Run(SessionStoreScripts.WatchOpen, now, sessionId, resumeAfterSeq.ToString(CultureInfo.InvariantCulture), watchId, LeaseEnd());
        var error = ErrorOf((string)result[0]!, resumeAfterSeq);
        var timers = Timers((RedisResult[])result[2]!);
        if (error is not null)
        {
            return new WatchOpenOutcome(error, null, false, timers);
        }

        var replay = ((RedisResult[])result[5]!).Select(r => StoredEventText.Parse((string)r!)).ToArray();
        var counted = (int)result[6] == 1;
        if (counted)
        {
            lock (_localWatches)
            {
                if (!_localWatches.TryGetValue(sessionId, out var ids))
                {
                    _localWatches[sessionId] = ids = new List<string>(1);
                }

                ids.Add(watchId);
            }
        }

        return new WatchOpenOutcome(null, replay, counted, timers);
    }

    /// <inheritdoc />
    public StoreOutcome CloseWatch(string sessionId, DateTimeOffset now)
    {
        // Watch ids of one session on one node are interchangeable: close any of them.
        string watchId;
        lock (_localWatches)
        {
            if (!_localWatches.TryGetValue(sessionId, out var ids) || ids.Count == 0)
            {
                return StoreOutcome.Unchanged;
            }

            watchId = ids[^1];
            ids.RemoveAt(ids.Count - 1);
            if (ids.Count == 0)
            {
                _localWatches.Remove(sessionId);
            }
        }

        try
        {
            return ToOutcome(Run(SessionStoreScripts.WatchClose, now, sessionId, watchId), now);
        }
        catch (SessionStoreUnavailableException)
        {
            // A stream that ended (maybe with OK after its terminated event, EVT-3) must not
            // fail for this: its lease is no longer renewed, so the reaper ends it within a lease.
            return StoreOutcome.Unchanged;
        }
    }

    /// <summary>
    /// Renews the lease of every watcher counted from this node (EVT-6 across nodes): a
    /// node that stops renewing, because it died or lost Redis, has its watchers stop
    /// counting once the lease has passed.
    /// </summary>
    public void RenewWatcherLeases()
    {
        List<RedisValue> members;
        lock (_localWatches)
        {
            members = _localWatches.SelectMany(pair => pair.Value.Select(id => (RedisValue)(pair.Key + "|" + id))).ToList();
        }

        if (members.Count == 0)
        {
            return;
        }

        var leaseEnd = double.Parse(LeaseEnd(), CultureInfo.InvariantCulture);
        var key = _options.KeyPrefix + "watchers";
        Call(() =>
        {
            // XX: a lease the reaper already ended is not brought back.
            var db = Database;
            foreach (var member in members)
            {
                db.SortedSetAdd(key, member, leaseEnd, SortedSetWhen.Exists);
            }

            return members.Count;
        });
    }

    /// <summary>Ends the watchers whose lease passed (their node stopped renewing), arming Disconnect where none is left.</summary>
    public StoreOutcome ReapExpiredWatchers(DateTimeOffset now, int limit) =>
        ToOutcome(Run(SessionStoreScripts.ReapWatchers, now, WallMilliseconds().ToString(CultureInfo.InvariantCulture), limit.ToString(CultureInfo.InvariantCulture)), now);

    /// <summary>Leases run on the wall clock whatever the rules' clock: they measure whether a node is alive.</summary>
    private long WallMilliseconds() => _options.LeaseClock.GetUtcNow().ToUnixTimeMilliseconds();

    private string LeaseEnd() => (WallMilliseconds() + (long)_options.TimerLease.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _relay.Dispose();

    /// <summary>
    /// Claims timers overdue by more than <see cref="RedisStoreOptions.TimerLease"/>
    /// (their node did not fire them: dead, or cut off), for the caller to fire.
    /// </summary>
    public IReadOnlyList<TimerFiring> ClaimOverdueTimers(DateTimeOffset now, int limit)
    {
        var nowMs = now.UtcTicks / TimeSpan.TicksPerMillisecond;
        var leaseMs = (long)_options.TimerLease.TotalMilliseconds;
        var claimed = (RedisResult[])Evaluate(SessionStoreScripts.ClaimTimers, [_options.KeyPrefix, nowMs, leaseMs, limit])!;
        return claimed.Select(c =>
        {
            var parts = (RedisResult[])c!;
            return new TimerFiring((string)parts[0]!, (TimerKind)(int)parts[1], ulong.Parse((string)parts[2]!, CultureInfo.InvariantCulture), now);
        }).ToArray();
    }

    /// <summary>Runs one operation's script and waits for its events to reach this node's sink.</summary>
    private RedisResult[] Run(string script, DateTimeOffset now, params string[] operationArguments)
    {
        var nonce = _nodeId + ":" + Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture);
        var values = new RedisValue[10 + operationArguments.Length];
        values[0] = _options.KeyPrefix;
        values[1] = TickText.Of(now);
        values[2] = nonce;
        values[3] = _policy.SingleSession == SingleSessionPolicy.Reject ? "1" : "0";
        values[4] = TickText.Of(_policy.ClockSkewLeeway);
        values[5] = TickText.Of(_policy.ExpiryGrace);
        values[6] = TickText.Of(_policy.ExpiringNotice);
        values[7] = TickText.Of(_policy.DisconnectGrace);
        values[8] = TickText.Of(_policy.TerminatedRetention);
        values[9] = _policy.EventReplayCapacity;
        for (var i = 0; i < operationArguments.Length; i++)
        {
            values[10 + i] = operationArguments[i];
        }

        _relay.EnsureSubscribed();
        var echo = _relay.Expect(nonce);
        RedisResult[] result;
        try
        {
            result = (RedisResult[])Evaluate(script, values)!;
        }
        catch
        {
            _relay.Forget(nonce);
            throw;
        }

        if ((int)result[4] == 0)
        {
            _relay.Forget(nonce);
            return result;
        }

        try
        {
            if (!echo.Task.Wait(_options.EventEchoTimeout))
            {
                _relay.Forget(nonce);
                throw new SessionStoreUnavailableException("the session store did not deliver this change's events in time; the change is stored");
            }
        }
        catch (AggregateException e) when (e.InnerException is SessionStoreUnavailableException unavailable)
        {
            throw unavailable;
        }

        return result;
    }

    /// <summary>
    /// EVALSHA of the script's SHA-1, so a call sends the hash rather than the text; after
    /// NOSCRIPT (a restarted Redis has an empty script cache) EVAL once, which caches it again.
    /// </summary>
    private RedisResult Evaluate(string script, RedisValue[] values)
    {
        var hash = ScriptHashes.GetOrAdd(script, static text => System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        return Call(() =>
        {
            try
            {
                return Database.ScriptEvaluate(hash, null, values);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                return Database.Execute("EVAL", [script, 0, .. values.Select(v => (object)v)]);
            }
        });
    }

    /// <summary>Every Redis failure that means "not reachable now" becomes the one fail-closed exception.</summary>
    internal static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RedisServerException e) when (e.Message.StartsWith("TESSERA_ID_IN_USE", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("session id already in use; ids must be fresh (SES-2)", e);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || e.Message.StartsWith("BUSY", StringComparison.Ordinal)
            || e.Message.StartsWith("MISCONF", StringComparison.Ordinal)
            || e.Message.StartsWith("READONLY", StringComparison.Ordinal))
        {
            throw new SessionStoreUnavailableException($"the session store cannot serve now: {e.Message}", e);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or ObjectDisposedException)
        {
            throw new SessionStoreUnavailableException($"the session store (Redis) is unreachable: {e.Message}", e);
        }
    }

    private static StoreOutcome ToOutcome(RedisResult[] result, DateTimeOffset now)
    {
        var error = ErrorOf((string)result[0]!, 0);
        var session = result[1].IsNull ? null : Snapshot((RedisResult[])result[1]!, now);
        var transitions = ((RedisResult[])result[3]!).Select(t => Transition((RedisResult[])t!, now)).ToArray();
        return new StoreOutcome(session, error, Timers((RedisResult[])result[2]!), transitions);
    }

    private static TesseraError? ErrorOf(string code, ulong resumeAfterSeq)
    {
        if (code.Length == 0)
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? code : code[..colon];
        var tail = colon < 0 ? "" : code[(colon + 1)..];
        return head switch
        {
            "NF" => SessionErrors.NotFound(),
            "TERM" => SessionErrors.Terminated((SessionEndReason)Int(tail)),
            "ACTIVE" => SessionErrors.AlreadyActive(),
            "IDM" => SessionErrors.IdentityMismatch(),
            "ROLES" => SessionErrors.RolesMismatch(),
            "STALE" => SessionErrors.Stale(),
            "RUB" => SessionErrors.ResumeUnavailable($"resume_after_seq {resumeAfterSeq} is beyond the last event ({tail})"),
            "RUK" => SessionErrors.ResumeUnavailable($"events after {resumeAfterSeq} are no longer kept; the oldest kept is {tail}"),
            _ => throw new InvalidOperationException($"unknown store script answer {code}"),
        };
    }

    private static TimerRequest[] Timers(RedisResult[] timers) =>
        timers.Select(t =>
        {
            var parts = (RedisResult[])t!;
            var due = (string)parts[3]!;
            return new TimerRequest((string)parts[0]!, (TimerKind)(int)parts[1], (ulong)(long)parts[2], due.Length == 0 ? null : TickText.Parse(due));
        }).ToArray();

    private static SessionTransition Transition(RedisResult[] parts, DateTimeOffset now)
    {
        var kind = (string)parts[0]! switch
        {
            "S" => SessionTransitionKind.Started,
            "U" => SessionTransitionKind.Updated,
            "R" => SessionTransitionKind.Revived,
            "E" => SessionTransitionKind.Expired,
            "T" => SessionTransitionKind.Terminated,
            "F" => SessionTransitionKind.Forgotten,
            var other => throw new InvalidOperationException($"unknown transition {other}"),
        };
        return new SessionTransition(kind, Snapshot((RedisResult[])parts[1]!, now));
    }

    // { id, cid, iss, uid, guest, roles, st, exp, er, sa, ta, last }
    private static SessionSnapshot Snapshot(RedisResult[] f, DateTimeOffset now)
    {
        var terminatedAt = (string)f[10]!;
        return new SessionSnapshot(
            (string)f[0]!,
            (string)f[1]!,
            (string)f[2]!,
            (string)f[3]!,
            (string)f[4]! == "1",
            Roles((string)f[5]!),
            (SessionState)Int((string)f[6]!),
            TickText.Parse((string)f[7]!),
            (SessionEndReason)Int((string)f[8]!),
            TickText.Parse((string)f[9]!),
            terminatedAt.Length == 0 ? null : TickText.Parse(terminatedAt),
            ulong.Parse((string)f[11]!, CultureInfo.InvariantCulture),
            now);
    }

    private static string[] Roles(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
