using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Scheduling;
using Tessera.Server.Storage;

namespace Tessera.Server.Sessions;

/// <summary>
/// The session domain's façade, called by the SessionService handlers: start,
/// get, update, end and watch sessions under every rule of SPEC.md sections SES,
/// EXP, UPD, ONE, END and EVT. Domain failures come back as
/// <see cref="Errors.TesseraError"/> values, never as exceptions.
/// </summary>
/// <remarks>
/// <para>
/// Division of labour: the registry checks what needs no stored state (request
/// shape, schema, the token validator's verdict) in the order ERR-4 gives, then
/// hands the rest to one atomic <see cref="ISessionStore"/> operation. The store
/// commits the state change and its events together and says which timers to arm
/// or cancel; the registry passes those to the one <see cref="ExpiryScheduler"/>
/// and the transitions to the lifecycle observer. Due timers come back through
/// <see cref="OnTimerDue"/> into the store.
/// </para>
/// <para>Every rule reads the injected <see cref="TimeProvider"/> (CLK-2).</para>
/// </remarks>
internal sealed class SessionRegistry : IWatchCloser, IDisposable
{
    private readonly TesseraServerOptions _options;
    private readonly SessionPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ISessionStore _store;
    private readonly SessionEventHub _hub;
    private readonly ExpiryScheduler _scheduler;
    private readonly ISessionLifecycleObserver? _observer;

    /// <param name="options">Validated server options.</param>
    /// <param name="policy">The store's rule settings, from the same options plus the token leeway.</param>
    /// <param name="time">The clock of every rule: the system clock, or a <see cref="Tessera.Time.ManualTimeProvider"/> for the test clock.</param>
    /// <param name="store">Where sessions live; publishes its events into <paramref name="hub"/>.</param>
    /// <param name="hub">Fans events out to this node's watch streams.</param>
    /// <param name="observer">Told about lifecycle transitions (logging, metrics); optional.</param>
    /// <param name="onTimerError">Told when applying a due timer throws; optional (see <see cref="ExpiryScheduler"/>).</param>
    public SessionRegistry(
        TesseraServerOptions options,
        SessionPolicy policy,
        TimeProvider time,
        ISessionStore store,
        SessionEventHub hub,
        ISessionLifecycleObserver? observer = null,
        Action<TimerFiring, Exception>? onTimerError = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _hub = hub ?? throw new ArgumentNullException(nameof(hub));
        _observer = observer;
        _scheduler = new ExpiryScheduler(time, OnTimerDue, onTimerError, store.TimerFiringParallelism);
    }

    /// <summary>The session options in force.</summary>
    public TesseraServerOptions Options => _options;

    /// <summary>The rule settings in force (with the token leeway).</summary>
    public SessionPolicy Policy => _policy;

    /// <summary>The clock every rule reads.</summary>
    public TimeProvider Time => _time;

    internal ExpiryScheduler Scheduler => _scheduler;

    internal SessionEventHub Hub => _hub;

    internal ISessionStore Store => _store;

    /// <summary>A registry over a fresh <see cref="InMemorySessionStore"/> and <see cref="SessionEventHub"/>: the embedded default.</summary>
    public static SessionRegistry CreateInMemory(
        TesseraServerOptions options,
        TimeSpan clockSkewLeeway,
        TimeProvider time,
        ISessionLifecycleObserver? observer = null,
        Action<TimerFiring, Exception>? onTimerError = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = SessionPolicy.From(options, clockSkewLeeway);
        var hub = new SessionEventHub(options.WatcherBufferCapacity);
        var store = new InMemorySessionStore(policy, hub);
        return new SessionRegistry(options, policy, time, store, hub, observer, onTimerError);
    }

    /// <summary>
    /// GetSession (SES-6, EXP-3): ACTIVE: the session; EXPIRED: TOKEN_EXPIRED;
    /// TERMINATED: SESSION_TERMINATED with its end reason; unknown: SESSION_NOT_FOUND.
    /// </summary>
    public DomainResult<SessionSnapshot> Get(string sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return Errors.TesseraError.InvalidRequest("session_id is required");
        }

        var now = _time.GetUtcNow();
        var session = _store.Get(sessionId, now);
        if (session is null)
        {
            return SessionErrors.NotFound();
        }

        if (session.State == SessionState.Terminated)
        {
            return SessionErrors.Terminated(session.EndReason);
        }

        // EXP-1 is the Expire timer's job; the time check only covers the moment
        // between exp + leeway and that timer firing on a real clock (EXP-6).
        if (session.State == SessionState.Expired || now >= session.ExpiresAt + _policy.ClockSkewLeeway)
        {
            return SessionErrors.Expired();
        }

        return DomainResult<SessionSnapshot>.Success(session);
    }

    /// <summary>
    /// Ends every open watch stream with <see cref="WatchAbortReason.ServerShutdown"/>
    /// (EVT-7) and stops the timers. The registry must not be used afterwards.
    /// </summary>
    public void Shutdown()
    {
        _hub.Shutdown();
        _scheduler.Dispose();
    }

    /// <inheritdoc cref="Shutdown" />
    public void Dispose() => Shutdown();

    // StartSession (SES-1 to SES-5, ONE-1 to ONE-4).

    /// <summary>
    /// Starts a session. Checks, first failure answers (ONE, ERR-4): INVALID_REQUEST
    /// (client_instance_id, exactly one credential, guest user_id), SCHEMA_MISMATCH,
    /// the token validator's TOKEN_* verdict, GUEST_DISABLED, then
    /// SESSION_ALREADY_ACTIVE from the single-session rule.
    /// </summary>
    public DomainResult<SessionSnapshot> Start(StartSessionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        // INVALID_REQUEST (SES-4, SES-5).
        if (!RequestShape.IsPrintableAsciiId(input.ClientInstanceId))
        {
            return TesseraError.InvalidRequest("client_instance_id must be 1 to 128 printable ASCII characters (0x21-0x7E)");
        }

        var token = input.Token;
        var guestUserId = input.GuestUserId;
        if ((token is null) == (guestUserId is null))
        {
            return TesseraError.InvalidRequest("exactly one credential (token or guest) is required");
        }

        if (token is { IsMissing: true })
        {
            return TesseraError.InvalidRequest("the token credential is empty");
        }

        if (guestUserId is not null && !RequestShape.IsPrintableAsciiId(guestUserId))
        {
            return TesseraError.InvalidRequest("guest.user_id must be 1 to 128 printable ASCII characters (0x21-0x7E)");
        }

        // SCHEMA_MISMATCH (SES-3).
        if (string.IsNullOrEmpty(input.ProtocolVersion) || !_options.ProtocolVersions.Contains(input.ProtocolVersion))
        {
            return SessionErrors.SchemaMismatch($"protocol_version \"{input.ProtocolVersion}\" is not supported; this server speaks {string.Join(", ", _options.ProtocolVersions)}");
        }

        if (!string.IsNullOrEmpty(input.SchemaHash) && !string.Equals(input.SchemaHash, _options.SchemaHash, StringComparison.Ordinal))
        {
            return SessionErrors.SchemaMismatch("schema_hash differs from the server's");
        }

        // TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID: the validator's verdict.
        if (token?.Error is { } tokenError)
        {
            return tokenError;
        }

        // GUEST_DISABLED (SES-5).
        if (guestUserId is not null && !_options.GuestSessionsEnabled)
        {
            return SessionErrors.GuestDisabled();
        }

        var now = _time.GetUtcNow();
        StartCommand command;
        if (token?.Token is { } claims)
        {
            command = new StartCommand(
                SessionIdGenerator.NewId(),
                input.ClientInstanceId,
                claims.Issuer,
                claims.Subject,
                Guest: false,
                RoleSet.Normalize(claims.Roles),
                claims.ExpiresAt,
                now);
        }
        else
        {
            command = new StartCommand(
                SessionIdGenerator.NewId(),
                input.ClientInstanceId,
                _options.GuestIssuer,
                guestUserId!,
                Guest: true,
                [],
                now + _options.GuestSessionLifetime,
                now);
        }

        // SESSION_ALREADY_ACTIVE, decided atomically by the store (ONE-1 to ONE-4).
        var outcome = _store.TryStart(command);
        Apply(outcome);
        return outcome.Error is { } error ? error : DomainResult<SessionSnapshot>.Success(outcome.Session!);
    }

    // UpdateSessionToken (UPD-1 to UPD-6).

    /// <summary>
    /// Applies a new token. Checks, first failure answers (UPD, ERR-4):
    /// INVALID_REQUEST, SESSION_NOT_FOUND / SESSION_TERMINATED, the validator's
    /// TOKEN_* verdict (session unchanged, UPD-1), then atomically in the store
    /// IDENTITY_MISMATCH and ROLES_MISMATCH (both terminate the session) and
    /// TOKEN_STALE. Success revives an EXPIRED session (UPD-5).
    /// </summary>
    public DomainResult<SessionSnapshot> Update(string sessionId, TokenCheck token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (string.IsNullOrEmpty(sessionId))
        {
            return TesseraError.InvalidRequest("session_id is required");
        }

        if (token.IsMissing)
        {
            return TesseraError.InvalidRequest("token is required");
        }

        var now = _time.GetUtcNow();
        var current = _store.Get(sessionId, now);
        if (current is null)
        {
            return SessionErrors.NotFound();
        }

        if (current.State == SessionState.Terminated)
        {
            return SessionErrors.Terminated(current.EndReason);
        }

        if (token.Error is { } tokenError)
        {
            return tokenError;
        }

        // The store re-checks existence and state atomically with the change.
        var outcome = _store.TryUpdate(sessionId, token.Token!, now);
        Apply(outcome);
        return outcome.Error is { } error ? error : DomainResult<SessionSnapshot>.Success(outcome.Session!);
    }

    // EndSession (END-1 to END-3).

    /// <summary>
    /// Ends a session: ACTIVE or EXPIRED become TERMINATED(ENDED) and their watch
    /// streams end (END-1); a TERMINATED one answers OK unchanged (END-2). Returns
    /// null on success, else INVALID_REQUEST or SESSION_NOT_FOUND.
    /// </summary>
    public TesseraError? End(string sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return TesseraError.InvalidRequest("session_id is required");
        }

        var outcome = _store.End(sessionId, _time.GetUtcNow());
        Apply(outcome);
        return outcome.Error;
    }

    // WatchSession (EVT-1 to EVT-7).

    /// <summary>
    /// Opens a watch stream: the kept events after <paramref name="resumeAfterSeq"/>,
    /// then live ones, ending after the terminated event (EVT-3, EVT-4). Errors:
    /// INVALID_REQUEST, SESSION_NOT_FOUND, RESUME_UNAVAILABLE, and SESSION_TERMINATED
    /// for a terminated session with nothing after <paramref name="resumeAfterSeq"/>
    /// (EVT-5). Works on EXPIRED sessions (EXP-3). The caller must dispose the
    /// subscription when the stream ends, for any reason (EVT-6).
    /// </summary>
    public DomainResult<WatchSubscription> Watch(string sessionId, ulong resumeAfterSeq)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return TesseraError.InvalidRequest("session_id is required");
        }

        // Registered before the replay is read, so no event falls between the two;
        // the subscription drops live events the replay already holds.
        var watcher = _hub.Register(sessionId);
        WatchOpenOutcome open;
        try
        {
            open = _store.OpenWatch(sessionId, resumeAfterSeq, _time.GetUtcNow());
        }
        catch
        {
            // A shared store that cannot be reached throws (fail closed): leave no watcher behind.
            _hub.Unregister(watcher);
            throw;
        }

        Apply(open.Timers, []);
        if (open.Error is { } error)
        {
            _hub.Unregister(watcher);
            return error;
        }

        if (!open.Counted)
        {
            // A terminated session's tail (EVT-5): replay only.
            _hub.Unregister(watcher);
            return DomainResult<WatchSubscription>.Success(new WatchSubscription(sessionId, resumeAfterSeq, open.Replay, null, null, null));
        }

        return DomainResult<WatchSubscription>.Success(new WatchSubscription(sessionId, resumeAfterSeq, open.Replay, watcher, _hub, this));
    }

    void IWatchCloser.CloseWatch(string sessionId) => Apply(_store.CloseWatch(sessionId, _time.GetUtcNow()));

    // Timers coming due (EXP-1 to EXP-5, EVT-6, END-3).

    /// <summary>
    /// Called by the scheduler, one firing at a time in due order. With the manual
    /// clock this runs inside <c>Advance</c> with the clock at the due time, and the
    /// store hands the resulting events to the watchers before it returns (CLK-3).
    /// </summary>
    private void OnTimerDue(TimerFiring firing) => FireTimer(firing);

    /// <summary>
    /// Applies a timer another node armed and did not fire within its lease (a
    /// multi-node store's takeover, issue 11). The store acts only while the firing's
    /// generation is still armed, so a timer fired twice acts once.
    /// </summary>
    public void FireTimer(TimerFiring firing) => Apply(_store.ApplyTimer(firing.SessionId, firing.Kind, firing.Generation, _time.GetUtcNow()));

    /// <summary>
    /// Schedules the timers and reports the transitions of a store operation this
    /// registry did not start itself (a multi-node store's background work, issue 11).
    /// </summary>
    public void Adopt(Storage.StoreOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Apply(outcome);
    }

    private void Apply(StoreOutcome outcome) => Apply(outcome.Timers, outcome.Transitions);

    private void Apply(IReadOnlyList<TimerRequest> timers, IReadOnlyList<SessionTransition> transitions)
    {
        // One lock acquisition and at most one wake-up change per store outcome.
        _scheduler.ApplyAll(timers);

        if (_observer is null)
        {
            return;
        }

        for (var i = 0; i < transitions.Count; i++)
        {
            _observer.OnTransition(transitions[i]);
        }
    }
}
