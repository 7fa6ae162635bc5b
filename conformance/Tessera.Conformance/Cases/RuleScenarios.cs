using Tessera.Conformance.Commands;
using Tessera.Protocol;

namespace Tessera.Conformance.Cases;

/// <summary>
/// One fixed sequence per group of server MUSTs ("every MUST, every
/// run"): the generated properties reach a rule only when the seed happens to
/// build the right sequence, these reach it in every run. Each scenario opens
/// a watch before the step that changes a session, so the event is checked in
/// that step, and reads the session back right after it.
/// </summary>
internal static class RuleScenarios
{
    private static readonly string[] ErrorModel = [Req.ERR_1, Req.ERR_2, Req.ERR_3];

    public static IEnumerable<ConformanceCase> All()
    {
        // Roles 5, 4, 3 sort differently by UTF-16 and by UTF-8 (SES-7); the
        // fraction puts exp off the whole second (SES-1: expires_at = exp).
        yield return Scenario("scenario/ses-start", "start answers the token's claims, a fresh 128-bit id, sorted roles; a guest start",
            [Req.SES_1, Req.SES_2, Req.SES_5, Req.SES_6, Req.SES_7],
            [
                new StartCommand { Roles = [5, 4, 3, 5], Fraction = 37 },
                new GetCommand(),
                new StartCommand { Instance = 1, User = 1 },
                new StartCommand { Instance = 2, Guest = true, User = 2 },
                new GetCommand(),
            ]);

        yield return Scenario("scenario/ses-requests", "malformed requests: INVALID_REQUEST for an empty token, instance or session id; SCHEMA_MISMATCH",
            [Req.SES_3, Req.SES_4, Req.ERR_4, .. ErrorModel],
            [
                new StartCommand { Defect = StartDefect.EmptyToken },
                new StartCommand { Defect = StartDefect.NoCredential },
                new StartCommand { Defect = StartDefect.EmptyInstance },
                new StartCommand { Defect = StartDefect.UnprintableInstance },
                new StartCommand { Defect = StartDefect.LongInstance },
                new StartCommand { Defect = StartDefect.EmptyProtocol },
                new StartCommand { Defect = StartDefect.UnknownProtocol },
                new StartCommand { Defect = StartDefect.WrongSchemaHash },
                new StartCommand { Defect = StartDefect.MatchingSchemaHash },
                new UpdateCommand { EmptyToken = true },
                new GetCommand { Session = -2 },
                new EndCommand { Session = -2 },
                new WatchCommand { Session = -2 },
            ]);

        yield return Scenario("scenario/ses-reads", "GetSession: the live session, an unknown id, a terminated session with its end_reason",
            [Req.SES_6, Req.END_3, Req.ERR_5, Req.UPD_6, .. ErrorModel],
            [
                new StartCommand(),
                new WatchCommand(),
                new GetCommand(),
                new GetCommand { Session = -1 },
                new EndCommand(),
                new GetCommand(),
                new UpdateCommand(),
                new UpdateCommand { Session = -1 },
            ]);

        yield return Scenario("scenario/exp-3", "an EXPIRED session answers TOKEN_EXPIRED to GetSession, and can still be ended",
            [Req.EXP_3, Req.EXP_1, Req.EXP_2, Req.END_1],
            [
                new StartCommand(),
                new WatchCommand(),
                new AdvanceCommand { Kind = AdvanceKind.Expiry },
                new GetCommand(),
                new EndCommand(),
            ],
            testClock: true,
            skipWhen: p => p.ExpiryGrace <= TimeSpan.Zero ? "expiry_grace is 0: a session never is EXPIRED (EXP-4)" : null);

        yield return Scenario("scenario/upd-2", "another user's token, both role sets empty: IDENTITY_MISMATCH, the session terminated",
            [Req.UPD_2, Req.ERR_5, Req.ERR_6],
            [
                new StartCommand(),
                new WatchCommand(),
                new UpdateCommand { Identity = IdentityChoice.OtherUser },
                new GetCommand(),
            ]);

        yield return Scenario("scenario/upd-3", "roles compared as sets: reordered and repeated are the same, another set is ROLES_MISMATCH",
            [Req.UPD_3, Req.TOK_9, Req.UPD_5, Req.ERR_5],
            [
                new StartCommand { Roles = [0, 1] },
                new WatchCommand(),
                new UpdateCommand { Roles = RolesChoice.Reordered },
                new UpdateCommand { Roles = RolesChoice.Repeated },
                new UpdateCommand { Roles = RolesChoice.Different },
                new GetCommand(),
            ]);

        yield return Scenario("scenario/upd-4", "an earlier exp is TOKEN_STALE and changes nothing; an equal exp is accepted",
            [Req.UPD_4, Req.ERR_6],
            [
                new StartCommand(),
                new WatchCommand(),
                new UpdateCommand { Exp = ExpChoice.Earlier },
                new UpdateCommand { Exp = ExpChoice.Same },
                new GetCommand(),
            ]);

        // Draft 2: an equal exp re-arms nothing new, so no second token_expiring (EXP-5 over UPD-5).
        yield return Scenario("scenario/upd-5", "updates push token_updated and re-arm the notice: none again for an equal exp, one for a later one",
            [Req.UPD_5, Req.EXP_5, Req.EVT_1],
            [
                new StartCommand(),
                new AdvanceCommand { Kind = AdvanceKind.Notice },
                new WatchCommand(),
                new UpdateCommand { Exp = ExpChoice.Same },
                new UpdateCommand(),
                new AdvanceCommand { Kind = AdvanceKind.Notice },
                new EndCommand(),
            ],
            testClock: true,
            skipWhen: p => p.ExpiringNotice <= TimeSpan.Zero ? "expiring_notice is 0: token_expiring is never pushed (EXP-5)" : null);

        yield return Scenario("scenario/one", "one live session per instance: another user is SESSION_ALREADY_ACTIVE, the same user follows the policy",
            [Req.ONE_1, Req.ONE_2, Req.ONE_3, Req.ERR_6],
            [
                new StartCommand(),
                new WatchCommand(),
                new StartCommand { User = 1 },
                new StartCommand(),
                new GetCommand { Session = 1 },
            ]);

        yield return Scenario("scenario/one-4", "concurrent starts on one instance, same and other users, leave one live session",
            [Req.ONE_4, Req.ONE_1],
            [
                new RaceCommand { Count = 4 },
                new RaceCommand { Count = 4, SameUser = false },
            ]);

        yield return Scenario("scenario/end", "EndSession terminates with ENDED and ends the stream; a second EndSession is OK and changes nothing",
            [Req.END_1, Req.END_2, Req.EVT_3, Req.ERR_5],
            [
                new StartCommand(),
                new WatchCommand(),
                new EndCommand(),
                new EndCommand(),
                new GetCommand(),
            ]);

        // Draft 2: resuming past the last event of a TERMINATED session is SESSION_TERMINATED (EVT-5), not RESUME_UNAVAILABLE.
        yield return Scenario("scenario/evt", "watchers from the start, the last event and one back; a resume beyond; replay of a terminated session",
            [Req.EVT_2, Req.EVT_4, Req.EVT_5, Req.EVT_3, Req.ERR_4],
            [
                new StartCommand(),
                new WatchCommand(),
                new UpdateCommand(),
                new WatchCommand { Resume = ResumeChoice.FromLast },
                new WatchCommand { Resume = ResumeChoice.Back, Back = 1 },
                new WatchCommand { Resume = ResumeChoice.Beyond },
                new EndCommand(),
                new WatchCommand(),
                new WatchCommand { Resume = ResumeChoice.FromLast },
                new WatchCommand { Resume = ResumeChoice.Beyond },
            ]);

        // Eight units outlast a disconnect grace of up to twice the unit's base, so the grace ends first.
        yield return Scenario("scenario/evt-6", "a session left without a watcher for disconnect_grace is terminated with DISCONNECTED",
            [Req.EVT_6, Req.ERR_5],
            [
                new StartCommand { LifetimeSteps = 8 },
                new WatchCommand(),
                new DropCommand(),
                new AdvanceCommand { Kind = AdvanceKind.DisconnectGrace },
                new GetCommand(),
            ],
            testClock: true,
            skipWhen: p => p.DisconnectGrace <= TimeSpan.Zero ? "disconnect_grace is 0: the rule is off (EVT-6)" : null);
    }

    private static ScenarioCase Scenario(string name, string summary, IReadOnlyList<string> ids, Command[] commands, bool testClock = false, Func<Target.TargetProfile, string?>? skipWhen = null) =>
        new(new CaseInfo(name, summary, ids, "scenario") { NeedsTestClock = testClock }, _ => commands) { SkipWhen = skipWhen };
}
