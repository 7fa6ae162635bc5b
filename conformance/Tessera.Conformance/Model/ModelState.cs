using Tessera.Conformance.Target;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Model;

/// <summary>
/// The reference model: sessions, their events and timers, and the clock, as
/// SPEC.md says a conforming server keeps them. Commands ask it what the
/// target must answer and then tell it what happened.
/// </summary>
/// <remarks>
/// <code>
///   ACTIVE --exp+leeway--> EXPIRED --exp+leeway+grace--> TERMINATED
///      \______(grace 0)_________________________________/^
///   any live state --End / mismatch / replaced / disconnect--^
/// </code>
/// Timers are not stored: each session's next due time is computed from its
/// state, so re-arming after an update (UPD-5) is just a new expires_at.
/// </remarks>
internal sealed class ModelState(TargetProfile profile, DateTimeOffset now)
{
    private readonly Dictionary<string, ModelSession> _byId = new(StringComparer.Ordinal);
    private int _nextGroup = 1;

    public TargetProfile Profile { get; } = profile;

    /// <summary>The model's clock: exact with the test clock, an estimate of the target's with the real clock.</summary>
    public DateTimeOffset Now { get; private set; } = now;

    public List<ModelSession> Sessions { get; } = [];

    public List<ModelWatcher> Watchers { get; } = [];

    /// <summary>Set when two timers of one session fall on the same instant: SPEC.md does not order them, so the model cannot predict.</summary>
    public string? Ambiguity { get; private set; }

    public ModelSession? Find(string sessionId) => _byId.GetValueOrDefault(sessionId);

    /// <summary>The live (ACTIVE or EXPIRED) session on (issuer, instance), if any (ONE-1).</summary>
    public ModelSession? LiveSessionOn(string issuer, string instanceId)
    {
        foreach (var s in Sessions)
        {
            if (s.IsLive && s.Identity.Issuer == issuer && s.InstanceId == instanceId)
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Records a session the target started, firing a token_expiring that is already due (EXP-5).</summary>
    public ModelSession AddSession(string sessionId, string instanceId, SessionIdentity identity, IReadOnlyList<string> roles, DateTimeOffset expiresAt)
    {
        var session = new ModelSession(Sessions.Count, sessionId, instanceId, identity, roles, expiresAt, Now);
        Sessions.Add(session);
        _byId[sessionId] = session;
        PushExpiringIfDue(session, group: 0);
        return session;
    }

    /// <summary>A successful update (UPD-5): new claims, token_updated, timers re-armed, EXPIRED revived.</summary>
    public void ApplyUpdate(ModelSession session, IReadOnlyList<string> roles, DateTimeOffset expiresAt)
    {
        var group = _nextGroup++;
        session.Roles = roles;
        session.ExpiresAt = expiresAt;
        session.State = ModelSessionState.Active;
        Push(session, ModelEventKind.TokenUpdated, Now, Now, expiresAt, SessionEndReason.Unspecified, [Req.UPD_5], group);
        PushExpiringIfDue(session, group);
    }

    /// <summary>Terminates a live session, closing its watchers (their streams must end after the terminal event, EVT-3).</summary>
    public void Terminate(ModelSession session, SessionEndReason reason, IReadOnlyList<string> ids) =>
        Terminate(session, reason, ids, Now, Now);

    public ModelWatcher AddWatcher(ModelSession session, ulong resumeAfter)
    {
        var counts = session.IsLive;
        var watcher = new ModelWatcher(Watchers.Count, session, resumeAfter, counts);
        Watchers.Add(watcher);
        if (counts)
        {
            session.OpenWatchers++;
        }

        return watcher;
    }

    /// <summary>The client dropped the stream; with no watcher left, the disconnect grace starts now (EVT-6).</summary>
    public void DropWatcher(ModelWatcher watcher)
    {
        watcher.Dropped = true;
        if (watcher.CountsAsOpen)
        {
            watcher.CountsAsOpen = false;
            var session = watcher.Session;
            session.OpenWatchers--;
            if (session.OpenWatchers == 0)
            {
                session.UnwatchedSince = Now;
            }
        }
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/>, firing every due timer in
    /// due order (CLK-3). Events get the window [due, target] for their time.
    /// </summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        while (Ambiguity is null)
        {
            ModelSession? next = null;
            var nextDue = DateTimeOffset.MaxValue;
            var nextKind = TimerKind.Expiry;
            foreach (var s in Sessions)
            {
                if (NextTimer(s) is { } timer && timer.Due <= target && timer.Due < nextDue)
                {
                    next = s;
                    nextDue = timer.Due;
                    nextKind = timer.Kind;
                }
            }

            if (next is null)
            {
                break;
            }

            Now = nextDue > Now ? nextDue : Now;
            Fire(next, nextKind, nextDue, target);
        }

        if (target > Now)
        {
            Now = target;
        }
    }

    /// <summary>The session's earliest pending timer; flags <see cref="Ambiguity"/> when two different timers share that instant.</summary>
    public (DateTimeOffset Due, TimerKind Kind)? NextTimer(ModelSession s)
    {
        if (!s.IsLive)
        {
            return null;
        }

        (DateTimeOffset Due, TimerKind Kind)? best = null;
        void Consider(DateTimeOffset due, TimerKind kind)
        {
            if (best is null || due < best.Value.Due)
            {
                best = (due, kind);
            }
            else if (due == best.Value.Due && kind != best.Value.Kind)
            {
                Ambiguity ??= $"{s.Name}: timers {best.Value.Kind} and {kind} are both due at {Format.Time(due)}";
            }
        }

        var p = Profile;
        if (s.State == ModelSessionState.Active)
        {
            if (p.ExpiringNotice > TimeSpan.Zero && s.ExpiringPushedFor != s.ExpiresAt)
            {
                Consider(s.ExpiresAt - p.ExpiringNotice, TimerKind.Expiring);
            }

            Consider(s.ExpiresAt + p.Leeway, TimerKind.Expiry);
        }
        else
        {
            Consider(s.ExpiresAt + p.Leeway + p.ExpiryGrace, TimerKind.GraceEnd);
        }

        if (p.DisconnectGrace > TimeSpan.Zero && s.OpenWatchers == 0)
        {
            Consider(s.UnwatchedSince + p.DisconnectGrace, TimerKind.Disconnect);
        }

        return best;
    }

    /// <summary>Every pending due time of every live session, soonest first: where an advance can land on, just before or just after.</summary>
    public List<DateTimeOffset> PendingDeadlines()
    {
        var result = new List<DateTimeOffset>();
        var p = Profile;
        foreach (var s in Sessions)
        {
            if (!s.IsLive)
            {
                continue;
            }

            if (s.State == ModelSessionState.Active)
            {
                if (p.ExpiringNotice > TimeSpan.Zero && s.ExpiringPushedFor != s.ExpiresAt)
                {
                    result.Add(s.ExpiresAt - p.ExpiringNotice);
                }

                result.Add(s.ExpiresAt + p.Leeway);
            }

            if (p.ExpiryGrace > TimeSpan.Zero)
            {
                result.Add(s.ExpiresAt + p.Leeway + p.ExpiryGrace);
            }

            if (p.DisconnectGrace > TimeSpan.Zero && s.OpenWatchers == 0)
            {
                result.Add(s.UnwatchedSince + p.DisconnectGrace);
            }
        }

        foreach (var s in Sessions)
        {
            if (s.TerminatedAt is { } at)
            {
                result.Add(at + p.TerminatedRetention);
            }
        }

        result.RemoveAll(t => t <= Now);
        result.Sort();
        return result;
    }

    /// <summary>
    /// The checks a token fails at <see cref="Now"/>, in ERR-4 order:
    /// TOKEN_INVALID (TOK-1 to TOK-11), TOKEN_EXPIRED (TOK-12), TOKEN_NOT_YET_VALID (TOK-13).
    /// Empty when the token is valid.
    /// </summary>
    public List<Rule> CheckToken(TokenFacts token)
    {
        var p = Profile;
        var failures = new List<Rule>(token.Defects);
        // 128 Unicode scalar values, not UTF-16 units (TOK-8).
        if (token.Subject is { } sub && (sub.Length == 0 || sub.EnumerateRunes().Count() > 128))
        {
            failures.Add(new Rule(ErrorReasons.TokenInvalid, [Req.TOK_8]));
        }

        if (token.Issuer is { } iss && !p.Issuers.Contains(iss))
        {
            failures.Add(new Rule(ErrorReasons.TokenInvalid, [Req.TOK_6]));
        }

        if (p.Audience.Length > 0 && (token.Audiences is null || !token.Audiences.Contains(p.Audience)))
        {
            failures.Add(new Rule(ErrorReasons.TokenInvalid, [Req.TOK_7]));
        }

        if (token.ExpiresAt is { } exp && token.IssuedAt is { } iat && (exp <= iat || exp - iat > p.MaxTokenLifetime))
        {
            failures.Add(new Rule(ErrorReasons.TokenInvalid, [Req.TOK_11]));
        }

        if (token.ExpiresAt is { } expiry && Now >= expiry + p.Leeway)
        {
            failures.Add(new Rule(ErrorReasons.TokenExpired, [Req.TOK_12]));
        }

        if ((token.NotBefore is { } nbf && nbf > Now + p.Leeway) || (token.IssuedAt is { } issued && issued > Now + p.Leeway))
        {
            failures.Add(new Rule(ErrorReasons.TokenNotYetValid, [Req.TOK_13]));
        }

        return failures;
    }

    private void Fire(ModelSession s, TimerKind kind, DateTimeOffset due, DateTimeOffset latest)
    {
        var p = Profile;
        switch (kind)
        {
            case TimerKind.Expiring:
                s.ExpiringPushedFor = s.ExpiresAt;
                Push(s, ModelEventKind.TokenExpiring, due, latest, s.ExpiresAt, SessionEndReason.Unspecified, [Req.EXP_5], 0, fromTimer: true);
                break;
            case TimerKind.Expiry when p.ExpiryGrace > TimeSpan.Zero:
                s.State = ModelSessionState.Expired;
                Push(s, ModelEventKind.TokenExpired, due, latest, s.ExpiresAt + p.Leeway + p.ExpiryGrace, SessionEndReason.Unspecified, [Req.EXP_1, Req.EXP_2], 0, fromTimer: true);
                break;
            case TimerKind.Expiry:
                Terminate(s, SessionEndReason.TokenExpired, [Req.EXP_1, Req.EXP_4], due, latest, fromTimer: true);
                break;
            case TimerKind.GraceEnd:
                Terminate(s, SessionEndReason.TokenExpired, [Req.EXP_4], due, latest, fromTimer: true);
                break;
            case TimerKind.Disconnect:
                Terminate(s, SessionEndReason.Disconnected, [Req.EVT_6], due, latest, fromTimer: true);
                break;
        }
    }

    private void Terminate(ModelSession session, SessionEndReason reason, IReadOnlyList<string> ids, DateTimeOffset earliest, DateTimeOffset latest, bool fromTimer = false)
    {
        session.State = ModelSessionState.Terminated;
        session.EndReason = reason;
        session.TerminatedAt = earliest;
        session.TerminationIds = ids;
        Push(session, ModelEventKind.Terminated, earliest, latest, null, reason, ids, 0, fromTimer);
        session.OpenWatchers = 0;
        foreach (var w in Watchers)
        {
            if (w.Session == session)
            {
                w.CountsAsOpen = false;
            }
        }
    }

    private void PushExpiringIfDue(ModelSession s, int group)
    {
        var p = Profile;
        if (p.ExpiringNotice > TimeSpan.Zero
            && s.ExpiringPushedFor != s.ExpiresAt
            && Now >= s.ExpiresAt - p.ExpiringNotice
            && Now < s.ExpiresAt + p.Leeway)
        {
            s.ExpiringPushedFor = s.ExpiresAt;
            Push(s, ModelEventKind.TokenExpiring, Now, Now, s.ExpiresAt, SessionEndReason.Unspecified, [Req.EXP_5], group);
        }
    }

    private static void Push(ModelSession s, ModelEventKind kind, DateTimeOffset earliest, DateTimeOffset latest, DateTimeOffset? at, SessionEndReason reason, IReadOnlyList<string> ids, int group, bool fromTimer = false) =>
        s.Events.Add(new ModelEvent(s.LastSeq + 1, kind, earliest, latest, at, reason, ids, group, fromTimer));
}
