using Tessera.Conformance.Commands;
using Tessera.Conformance.Tokens;

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
    private static readonly string[] ErrorModel = ["ERR-1", "ERR-2", "ERR-3"];

    public static IEnumerable<ConformanceCase> All()
    {
        // Roles 5, 4, 3 sort differently by UTF-16 and by UTF-8 (SES-7); the
        // fraction puts exp off the whole second (SES-1: expires_at = exp).
        yield return Scenario("scenario/ses-start", "start answers the token's claims, a fresh 128-bit id, sorted roles; a guest start",
            ["SES-1", "SES-2", "SES-5", "SES-6", "SES-7"],
            [
                new StartCommand(0, false, 0, [5, 4, 3, 5], 4, 37, TokenFlavor.Valid, 0, 0, StartDefect.None),
                new GetCommand(0),
                StartCommand.Plain(instance: 1, user: 1),
                new StartCommand(2, true, 2, [], 4, 0, TokenFlavor.Valid, 0, 0, StartDefect.None),
                new GetCommand(0),
            ]);

        yield return Scenario("scenario/ses-requests", "malformed requests: INVALID_REQUEST for an empty token, instance or session id; SCHEMA_MISMATCH",
            ["SES-3", "SES-4", "ERR-4", .. ErrorModel],
            [
                StartCommand.Plain() with { Defect = StartDefect.EmptyToken },
                StartCommand.Plain() with { Defect = StartDefect.NoCredential },
                StartCommand.Plain() with { Defect = StartDefect.EmptyInstance },
                StartCommand.Plain() with { Defect = StartDefect.UnprintableInstance },
                StartCommand.Plain() with { Defect = StartDefect.LongInstance },
                StartCommand.Plain() with { Defect = StartDefect.EmptyProtocol },
                StartCommand.Plain() with { Defect = StartDefect.UnknownProtocol },
                StartCommand.Plain() with { Defect = StartDefect.WrongSchemaHash },
                StartCommand.Plain() with { Defect = StartDefect.MatchingSchemaHash },
                UpdateCommand.Plain(0) with { EmptyToken = true },
                new GetCommand(-2),
                new EndCommand(-2),
                new WatchCommand(-2, ResumeChoice.FromStart, 0),
            ]);

        yield return Scenario("scenario/ses-reads", "GetSession: the live session, an unknown id, a terminated session with its end_reason",
            ["SES-6", "END-3", "ERR-5", "UPD-6", .. ErrorModel],
            [
                StartCommand.Plain(),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new GetCommand(0),
                new GetCommand(-1),
                new EndCommand(0),
                new GetCommand(0),
                UpdateCommand.Plain(0),
                UpdateCommand.Plain(-1),
            ]);

        yield return Scenario("scenario/exp-3", "an EXPIRED session answers TOKEN_EXPIRED to GetSession, and can still be ended",
            ["EXP-3", "EXP-1", "EXP-2", "END-1"],
            [
                StartCommand.Plain(),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new AdvanceCommand(AdvanceKind.Expiry, 0),
                new GetCommand(0),
                new EndCommand(0),
            ],
            testClock: true,
            skipWhen: p => p.ExpiryGrace <= TimeSpan.Zero ? "expiry_grace is 0: a session never is EXPIRED (EXP-4)" : null);

        yield return Scenario("scenario/upd-2", "another user's token, both role sets empty: IDENTITY_MISMATCH, the session terminated",
            ["UPD-2", "ERR-5", "ERR-6"],
            [
                StartCommand.Plain(),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new UpdateCommand(0, IdentityChoice.OtherUser, RolesChoice.Same, ExpChoice.Later, 4, TokenFlavor.Valid, 0, false),
                new GetCommand(0),
            ]);

        yield return Scenario("scenario/upd-3", "roles compared as sets: reordered and repeated are the same, another set is ROLES_MISMATCH",
            ["UPD-3", "TOK-9", "UPD-5", "ERR-5"],
            [
                new StartCommand(0, false, 0, [0, 1], 4, 0, TokenFlavor.Valid, 0, 0, StartDefect.None),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new UpdateCommand(0, IdentityChoice.Same, RolesChoice.Reordered, ExpChoice.Later, 4, TokenFlavor.Valid, 0, false),
                new UpdateCommand(0, IdentityChoice.Same, RolesChoice.Repeated, ExpChoice.Later, 4, TokenFlavor.Valid, 0, false),
                new UpdateCommand(0, IdentityChoice.Same, RolesChoice.Different, ExpChoice.Later, 4, TokenFlavor.Valid, 0, false),
                new GetCommand(0),
            ]);

        yield return Scenario("scenario/upd-4", "an earlier exp is TOKEN_STALE and changes nothing; an equal exp is accepted",
            ["UPD-4", "ERR-6"],
            [
                StartCommand.Plain(),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new UpdateCommand(0, IdentityChoice.Same, RolesChoice.Same, ExpChoice.Earlier, 4, TokenFlavor.Valid, 0, false),
                new UpdateCommand(0, IdentityChoice.Same, RolesChoice.Same, ExpChoice.Same, 4, TokenFlavor.Valid, 0, false),
                new GetCommand(0),
            ]);

        // Draft 2: an equal exp re-arms nothing new, so no second token_expiring (EXP-5 over UPD-5).
        yield return Scenario("scenario/upd-5", "updates push token_updated and re-arm the notice: none again for an equal exp, one for a later one",
            ["UPD-5", "EXP-5", "EVT-1"],
            [
                StartCommand.Plain(),
                new AdvanceCommand(AdvanceKind.Notice, 0),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new UpdateCommand(0, IdentityChoice.Same, RolesChoice.Same, ExpChoice.Same, 4, TokenFlavor.Valid, 0, false),
                new UpdateCommand(0, IdentityChoice.Same, RolesChoice.Same, ExpChoice.Later, 4, TokenFlavor.Valid, 0, false),
                new AdvanceCommand(AdvanceKind.Notice, 0),
                new EndCommand(0),
            ],
            testClock: true,
            skipWhen: p => p.ExpiringNotice <= TimeSpan.Zero ? "expiring_notice is 0: token_expiring is never pushed (EXP-5)" : null);

        yield return Scenario("scenario/one", "one live session per instance: another user is SESSION_ALREADY_ACTIVE, the same user follows the policy",
            ["ONE-1", "ONE-2", "ONE-3", "ERR-6"],
            [
                StartCommand.Plain(),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                StartCommand.Plain(user: 1),
                StartCommand.Plain(),
                new GetCommand(1),
            ]);

        yield return Scenario("scenario/one-4", "concurrent starts on one instance, same and other users, leave one live session",
            ["ONE-4", "ONE-1"],
            [
                new RaceCommand(4, true, 0),
                new RaceCommand(4, false, 0),
            ]);

        yield return Scenario("scenario/end", "EndSession terminates with ENDED and ends the stream; a second EndSession is OK and changes nothing",
            ["END-1", "END-2", "EVT-3", "ERR-5"],
            [
                StartCommand.Plain(),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new EndCommand(0),
                new EndCommand(0),
                new GetCommand(0),
            ]);

        // Draft 2: resuming past the last event of a TERMINATED session is SESSION_TERMINATED (EVT-5), not RESUME_UNAVAILABLE.
        yield return Scenario("scenario/evt", "watchers from the start, the last event and one back; a resume beyond; replay of a terminated session",
            ["EVT-2", "EVT-4", "EVT-5", "EVT-3", "ERR-4"],
            [
                StartCommand.Plain(),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                UpdateCommand.Plain(0),
                new WatchCommand(0, ResumeChoice.FromLast, 0),
                new WatchCommand(0, ResumeChoice.Back, 1),
                new WatchCommand(0, ResumeChoice.Beyond, 0),
                new EndCommand(0),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new WatchCommand(0, ResumeChoice.FromLast, 0),
                new WatchCommand(0, ResumeChoice.Beyond, 0),
            ]);

        // Eight units outlast a disconnect grace of up to twice the unit's base, so the grace ends first.
        yield return Scenario("scenario/evt-6", "a session left without a watcher for disconnect_grace is terminated with DISCONNECTED",
            ["EVT-6", "ERR-5"],
            [
                new StartCommand(0, false, 0, [], 8, 0, TokenFlavor.Valid, 0, 0, StartDefect.None),
                new WatchCommand(0, ResumeChoice.FromStart, 0),
                new DropCommand(0),
                new AdvanceCommand(AdvanceKind.DisconnectGrace, 0),
                new GetCommand(0),
            ],
            testClock: true,
            skipWhen: p => p.DisconnectGrace <= TimeSpan.Zero ? "disconnect_grace is 0: the rule is off (EVT-6)" : null);
    }

    private static ScenarioCase Scenario(string name, string summary, IReadOnlyList<string> ids, Command[] commands, bool testClock = false, Func<Target.TargetProfile, string?>? skipWhen = null) =>
        new(new CaseInfo(name, summary, ids, "scenario") { NeedsTestClock = testClock }, _ => commands) { SkipWhen = skipWhen };
}
