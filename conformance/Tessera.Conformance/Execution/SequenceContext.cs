using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tokens;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Execution;

/// <summary>Everything a command needs while one sequence runs: the target, the model, the token factory, the open streams.</summary>
internal sealed class SequenceContext
{
    private ModelState? _model;

    public SequenceContext(RunState run, NodeConnections nodes, IClockDriver clock, CancellationToken cancellation)
    {
        Run = run;
        Nodes = nodes;
        Clock = clock;
        Cancellation = cancellation;
        Nonce = run.NextNonce();
        Tokens = new TokenFactory(run.Key, run.Audience, run.Profile, run.Settings.ExactClock) { Margin = Margin(run.Settings) };
    }

    public RunState Run { get; }

    /// <summary>A connection to each node of the target.</summary>
    public NodeConnections Nodes { get; }

    /// <summary>The node the current step's calls go to (an index into <see cref="Nodes"/>).</summary>
    public int Node { get; set; }

    /// <summary>The connection to the current step's node.</summary>
    public TargetConnection Connection => Nodes.Nodes[Node];

    /// <summary>The connection to the node <paramref name="offset"/> places after the current step's: spreads one step's concurrent calls over every node (ONE-4).</summary>
    public TargetConnection ConnectionAfter(int offset) => Nodes.Nodes[(Node + offset) % Nodes.Nodes.Count];

    public IClockDriver Clock { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>The unique prefix of this sequence's client instance ids.</summary>
    public string Nonce { get; }

    public TokenFactory Tokens { get; }

    public ModelState Model
    {
        get => _model ?? throw new InvalidOperationException("The sequence has not started.");
        set => _model = value;
    }

    public RunSettings Settings => Run.Settings;

    public TargetProfile Profile => Run.Profile;

    public DateTimeOffset Now => Model.Now;

    /// <summary>Allowed clock difference for time checks: zero with the test clock.</summary>
    public TimeSpan Tolerance => Settings.ExactClock ? TimeSpan.Zero : Settings.Tolerance + Settings.Slack;

    /// <summary>Watch streams by model watcher handle.</summary>
    public Dictionary<int, WatchRecord> Streams { get; } = [];

    public List<StepRecord> Steps { get; } = [];

    private int _unknown;

    /// <summary>What the attack list needs to know about the target.</summary>
    public static Tessera.Tokens.TokenAttackContext AttackContext(RunState run, DateTimeOffset now) =>
        new(run.Key, run.Issuer, now, run.Profile.Leeway, run.Profile.MaxTokenLifetime, run.Profile.MaxTokenBytes)
        {
            Audience = run.Audience is { Length: > 0 } audience ? audience : null,
            Margin = Margin(run.Settings),
        };

    /// <summary>How far from a time boundary a token stays when it must not sit on one: beyond what clock skew and latency can flip.</summary>
    private static TimeSpan Margin(RunSettings settings) =>
        settings.ExactClock ? TimeSpan.FromSeconds(1) : settings.Tolerance * 2 + settings.Slack;

    public string InstanceId(int index) => Nonce + "-i" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string UserId(int index) => Settings.Users[Math.Abs(index) % Settings.Users.Count];

    /// <summary>An id the target cannot know (SES-6: SESSION_NOT_FOUND).</summary>
    public string UnknownSessionId() => Nonce + "-unknown-" + (++_unknown).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-AAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>
    /// Resolves a session reference: 0 is the newest session, 1 the one before
    /// (modulo the count); -1 an unknown id; -2 the empty id. With no session
    /// yet every reference is an unknown id.
    /// </summary>
    public (string Id, ModelSession? Session, string Label) ResolveSession(int reference)
    {
        if (reference == -2)
        {
            return ("", null, "\"\"");
        }

        var sessions = Model.Sessions;
        if (reference < 0 || sessions.Count == 0)
        {
            var id = UnknownSessionId();
            return (id, null, "unknown-id");
        }

        var session = sessions[sessions.Count - 1 - reference % sessions.Count];
        return (session.SessionId, session, session.Name);
    }

    /// <summary>The issuer tokens are minted for, by index into the target's issuers (the configured one first).</summary>
    public string Issuer(int index)
    {
        if (index == 0 || Profile.Issuers.Count < 2)
        {
            return Run.Issuer;
        }

        var others = Profile.Issuers.Where(i => i != Run.Issuer).ToList();
        return others.Count == 0 ? Run.Issuer : others[(index - 1) % others.Count];
    }

    /// <summary>A second accepted issuer, or null when the target has only one (then a different iss is simply unknown).</summary>
    public string? OtherIssuer(string issuer)
    {
        foreach (var candidate in Profile.Issuers)
        {
            if (candidate != issuer)
            {
                return candidate;
            }
        }

        return null;
    }

    public IReadOnlyList<string> Roles(IReadOnlyList<int> indexes)
    {
        var pool = Settings.RolePool;
        var roles = new List<string>(indexes.Count);
        foreach (var i in indexes)
        {
            roles.Add(pool[Math.Abs(i) % pool.Count]);
        }

        return roles;
    }

    /// <summary>Token lifetime of <paramref name="steps"/> units plus a sub-second fraction on the 1/128 s grid.</summary>
    /// <remarks>
    /// With the real clock a lifetime is kept short (every expiry is waited
    /// for) but never shorter than twice the tolerance, so a start is never
    /// judged at its own expiry boundary.
    /// </remarks>
    public TimeSpan Lifetime(int steps, int fraction) => Settings.ExactClock
        ? Settings.Unit * Math.Max(1, steps) + TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 128 * (Math.Abs(fraction) % 128))
        : (Settings.Tolerance + Settings.Slack) * 2 + Settings.Unit * (Math.Abs(steps) % 5);

    /// <summary>The expectation for reading <paramref name="session"/> now (SES-6, EXP-3, END-3).</summary>
    /// <param name="session">The session as the model has it.</param>
    /// <param name="okIds">What an OK answer proves (when the model expects one).</param>
    /// <param name="reported">The state an OK answer reported, once known: it tells which rule an OK on an EXPIRED session broke.</param>
    public Expectation ReadExpectation(ModelSession session, IReadOnlyList<string> okIds, SessionState reported = SessionState.Unspecified)
    {
        // When the target still finds a session live, the rule that should have
        // moved it on is the one broken, not SES-6.
        switch (session.State)
        {
            case ModelSessionState.Active:
                return Expectation.Ok(okIds) with
                {
                    IdsWhenActual = new Dictionary<string, IReadOnlyList<string>>
                    {
                        [ErrorReasons.TokenExpired] = [Req.EXP_1, Req.TOK_12],
                    },
                };
            case ModelSessionState.Expired:
                // Once an open watch stream has delivered token_expired (a step
                // fails on a missing event), EXP-1 and EXP-2 are shown kept: a
                // read that still answers the session breaks EXP-3 alone.
                var expiryObserved = Model.Watchers.Any(w => w.Session == session && !w.Dropped && w.ExpectedEvents().Any(e => e.Kind == ModelEventKind.TokenExpired));
                return Expectation.Fail(ErrorReasons.TokenExpired, Req.EXP_3, Req.SES_6) with
                {
                    IdsWhenActual = new Dictionary<string, IReadOnlyList<string>>
                    {
                        // OK while reporting EXPIRED (or after token_expired was delivered)
                        // breaks only EXP-3; OK while still ACTIVE means the expiry never
                        // happened (EXP-1/EXP-2), and the call was served when EXP-3 says it must fail.
                        ["OK"] = reported == SessionState.Expired || expiryObserved ? [Req.EXP_3] : [Req.EXP_1, Req.EXP_2, Req.EXP_3],
                        [ErrorReasons.SessionTerminated] = [Req.EXP_2, Req.EXP_4],
                    },
                };
            default:
                // With the real clock the target's clock may run ahead of the model's by the tolerance.
                var retained = Now + Tolerance < session.TerminatedAt!.Value + Profile.TerminatedRetention;
                // Not SES-6: the target answers for the state it has; the rule that
                // should have terminated the session is the broken one.
                IReadOnlyList<string> stillLive = session.TerminationIds;
                return Expectation.Fail(ErrorReasons.SessionTerminated, Req.END_3, Req.SES_6) with
                {
                    EndReason = session.EndReason,
                    // Another valid end_reason: the session ended some other way, so
                    // the rule that should have ended it first is the one broken.
                    EndReasonIds = session.TerminationIds,
                    AlsoAcceptable = retained ? [] : [ErrorReasons.SessionNotFound],
                    IdsWhenActual = new Dictionary<string, IReadOnlyList<string>>
                    {
                        ["OK"] = stillLive,
                        [ErrorReasons.TokenExpired] = stillLive,
                        [ErrorReasons.SessionNotFound] = [Req.END_3],
                    },
                };
        }
    }

    /// <summary>
    /// Reads a session back after a failed call and checks it is exactly as
    /// the model has it (ERR-6 and, for updates, UPD-1/UPD-4).
    /// </summary>
    public Task ProbeAsync(StepRecord step, ModelSession session, IReadOnlyList<string> ids) =>
        ReadBackAsync(step, session, ids, "after the failed call");

    private readonly List<(ModelSession Session, IReadOnlyList<string> Ids, string When)> _readBacks = [];

    /// <summary>
    /// Asks for a session to be read back at the end of the step that changed it
    /// (an end, a mismatch, a replacement, a timer), after the streams were
    /// judged, so a change the target skipped is caught in that step whatever
    /// the later steps are.
    /// </summary>
    /// <param name="session">The session; it is judged as the model has it at the end of the step.</param>
    /// <param name="ids">The rules that made the change: what a wrong read breaks.</param>
    /// <param name="when">Prefix of the findings' messages.</param>
    public void ReadBackLater(ModelSession session, IReadOnlyList<string> ids, string when = "on read-back")
    {
        if (!_readBacks.Exists(r => r.Session == session))
        {
            _readBacks.Add((session, ids, when));
        }
    }

    /// <summary>Runs the read-backs the step asked for, unless it already failed.</summary>
    public async Task RunReadBacksAsync(StepRecord step)
    {
        var pending = _readBacks.ToList();
        _readBacks.Clear();
        foreach (var (session, ids, when) in pending)
        {
            if (step.Failed || Model.Ambiguity is not null)
            {
                return;
            }

            await ReadBackAsync(step, session, ids, when).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a session back now and checks it is as the model has it.</summary>
    /// <param name="step">The step the read belongs to.</param>
    /// <param name="session">The session, as the model has it.</param>
    /// <param name="ids">What a wrong read breaks.</param>
    /// <param name="when">Prefix of the findings' messages.</param>
    private async Task ReadBackAsync(StepRecord step, ModelSession session, IReadOnlyList<string> ids, string when)
    {
        var answer = await Connection.GetSessionAsync(session.SessionId, Cancellation).ConfigureAwait(false);
        var expected = ReadExpectation(session, ids, answer.Response?.Session?.State ?? SessionState.Unspecified);
        step.Expected.Add($"read back {session.Name}: {expected.Describe()}");
        step.Actual.Add($"read back {session.Name}: {answer.Describe()}");
        var findings = new List<Finding>();
        var matched = AnswerJudge.Judge(expected, answer.Code, answer.Error, findings);
        if (matched == "OK")
        {
            SessionJudge.Check(answer.Response?.Session, session.SessionId, session.InstanceId, session.Identity, session.Roles,
                session.ExpiresAt, session.State, Now, Tolerance, ids, findings);
        }

        // Where the expectation already says which rule this very answer breaks
        // (an OK on an EXPIRED session is EXP-3; NOT_FOUND within retention is
        // END-3), that is the attribution; the rules that made the change are
        // added only to findings the expectation has no special case for.
        var actual = answer.Code == Grpc.Core.StatusCode.OK ? "OK" : answer.Error.Reason ?? "";
        var precise = expected.IdsWhenActual.ContainsKey(actual);
        foreach (var f in findings)
        {
            step.Findings.Add(new Finding(precise ? f.Ids : Merge(ids, f.Ids), when + ", " + f.Message));
        }
    }

    /// <summary>Judges one unary answer, writing the expected and actual lines of the step.</summary>
    public string? Judge<T>(StepRecord step, Expectation expected, Answer<T> answer)
        where T : class, Google.Protobuf.IMessage<T>
    {
        step.Expected.Add(expected.Describe());
        step.Actual.Add(answer.Describe());
        return AnswerJudge.Judge(expected, answer.Code, answer.Error, step.Findings);
    }

    private static string[] Merge(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        var result = new List<string>(second);
        foreach (var id in first)
        {
            if (!result.Contains(id))
            {
                result.Add(id);
            }
        }

        return [.. result];
    }
}
