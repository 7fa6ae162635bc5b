using Tessera.Protocol.V1;
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
internal sealed partial class SessionRegistry : IWatchCloser, IDisposable
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
        _scheduler = new ExpiryScheduler(time, OnTimerDue, onTimerError);
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
