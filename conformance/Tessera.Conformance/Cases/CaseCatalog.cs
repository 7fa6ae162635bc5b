using Tessera.Conformance.Commands;
using Tessera.Conformance.Generation;
using Tessera.Conformance.Tokens;
using Tessera.Protocol;
using Tessera.Tokens;

namespace Tessera.Conformance.Cases;

/// <summary>
/// Every case of the suite, in the order they run. Names read like paths
/// (<c>expiry/timers</c>); each case lists the SPEC.md ids its checks can
/// name, which is what <c>list</c> prints and what <c>--run EXP-*</c> selects on.
/// </summary>
internal static class CaseCatalog
{
    private static readonly string[] TokenIds = [Req.TOK_1, Req.TOK_2, Req.TOK_3, Req.TOK_4, Req.TOK_5, Req.TOK_6, Req.TOK_7, Req.TOK_8, Req.TOK_9, Req.TOK_10, Req.TOK_11, Req.TOK_12, Req.TOK_13];

    private static readonly string[] ErrorModel = [Req.ERR_1, Req.ERR_2, Req.ERR_3];

    public static IReadOnlyList<ConformanceCase> All { get; } = Build();

    public static ConformanceCase? Find(string name) => All.FirstOrDefault(c => c.Info.Name == name);

    private static List<ConformanceCase> Build()
    {
        var cases = new List<ConformanceCase>
        {
            Check("info/server-info", "GetServerInfo answers without a credential and reports sane values",
                [Req.INF_1, Req.INF_2, Req.INF_3, Req.TOK_2, Req.EVT_4], _ => [new ServerInfoCommand()]),
            Check("clock/service", "TestClockService is served exactly when test_clock_enabled says so",
                [Req.CLK_1], _ => [new ClockServiceCommand()]),
            Check("clock/read", "GetTime is the rules' clock and moves only through AdvanceTime",
                [Req.CLK_2, Req.INF_3], _ => [new ClockReadCommand()], needsTestClock: true),
            Check("clock/advance-bounds", "AdvanceTime.by must be positive and at most 366 days",
                [Req.CLK_4, Req.CLK_2, .. ErrorModel], _ => [new ClockBoundsCommand { Which = 0 }, new ClockBoundsCommand { Which = 1 }, new ClockBoundsCommand { Which = 2 }, new ClockBoundsCommand { Which = 3 }], needsTestClock: true),

            Property("session/lifecycle", "start, read and end sessions, guests and malformed requests included",
                [Req.SES_1, Req.SES_2, Req.SES_3, Req.SES_4, Req.SES_5, Req.SES_6, Req.SES_7, Req.END_1, Req.END_2, Req.END_3, Req.ERR_4, Req.ERR_5, Req.ERR_6, .. ErrorModel],
                new CommandMix { Start = 5, Get = 4, Update = 1, End = 3, Advance = 2, GuestPercent = 20, RequestDefectPercent = 15, BadReferencePercent = 10, BrokenTokenPercent = 5, Instances = 3 }),
            Property("update/tokens", "token updates: same or other identity, roles, earlier or equal exp, broken tokens",
                [Req.UPD_1, Req.UPD_2, Req.UPD_3, Req.UPD_4, Req.UPD_5, Req.UPD_6, Req.TOK_9, Req.SES_7, Req.ERR_4, Req.ERR_5, Req.ERR_6, .. ErrorModel],
                new CommandMix { Start = 3, Get = 2, Update = 6, End = 1, Advance = 2, UpdateMismatchPercent = 50, BrokenTokenPercent = 15, GuestPercent = 10 }),
            Property("expiry/timers", "expiry driven by timers: expiring notice, EXPIRED grace, termination, revival by update",
                [Req.EXP_1, Req.EXP_2, Req.EXP_3, Req.EXP_4, Req.EXP_5, Req.UPD_5, Req.CLK_3, Req.EVT_1, Req.EVT_2, Req.EVT_3, Req.SES_6],
                new CommandMix { Start = 3, Get = 3, Update = 2, End = 1, Watch = 3, Drop = 0, Advance = 6, BrokenTokenPercent = 0, GuestPercent = 10, UpdateMismatchPercent = 10 }),
            Property("single-session/policy", "one live session per issuer and client instance; REPLACE or REJECT",
                [Req.ONE_1, Req.ONE_2, Req.ONE_3, Req.ERR_6, Req.EVT_2, .. ErrorModel],
                new CommandMix { Start = 7, Get = 2, Update = 1, End = 2, Watch = 2, Advance = 1, GuestPercent = 20, BrokenTokenPercent = 5, Instances = 2 }),
            Property("single-session/concurrent-starts", "concurrent starts on one client instance leave exactly one live session",
                [Req.ONE_4, Req.ONE_1, Req.ONE_2, Req.ONE_3, .. ErrorModel],
                new CommandMix { Start = 1, Get = 1, Update = 0, End = 1, Advance = 0, Race = 4, BrokenTokenPercent = 0, GuestPercent = 0 }),
            Property("events/watch-resume", "watch streams: numbering, replay and resume, terminal event, disconnect grace",
                [Req.EVT_1, Req.EVT_2, Req.EVT_3, Req.EVT_4, Req.EVT_5, Req.EVT_6, Req.END_1, Req.ONE_3, Req.UPD_5, .. ErrorModel],
                new CommandMix { Start = 2, Get = 1, Update = 2, End = 1, Watch = 5, Drop = 3, Advance = 3, BrokenTokenPercent = 0, GuestPercent = 5, UpdateMismatchPercent = 15 }),
            Property("tokens/random", "random broken and boundary tokens on start and update",
                [.. TokenIds, Req.UPD_1, Req.ERR_4, Req.ERR_6, .. ErrorModel],
                new CommandMix { Start = 5, Get = 1, Update = 3, End = 1, Advance = 1, BrokenTokenPercent = 70, GuestPercent = 0, UpdateMismatchPercent = 10 }),
            Property("model/everything", "every command in one model: the interactions between the rules",
                [Req.SES_1, Req.SES_5, Req.SES_6, Req.EXP_1, Req.EXP_2, Req.EXP_3, Req.EXP_4, Req.EXP_5, Req.UPD_1, Req.UPD_2, Req.UPD_3, Req.UPD_4, Req.UPD_5, Req.UPD_6,
                 Req.ONE_1, Req.ONE_2, Req.ONE_3, Req.ONE_4, Req.END_1, Req.END_2, Req.END_3, Req.EVT_1, Req.EVT_2, Req.EVT_3, Req.EVT_4, Req.EVT_5, Req.EVT_6, Req.ERR_4, Req.ERR_5, Req.ERR_6, Req.CLK_3, .. ErrorModel],
                new CommandMix { Start = 4, Get = 2, Update = 3, End = 1, Watch = 2, Drop = 1, Advance = 3, Race = 1, BrokenTokenPercent = 10, GuestPercent = 10, UpdateMismatchPercent = 25 }),

            new ScenarioCase(
                Info("info/declared-values-enforced", "the reported leeway, lifetime, size, grace and notice are the enforced ones", "scenario",
                    [Req.INF_1, Req.TOK_2, Req.TOK_11, Req.TOK_12, Req.TOK_13, Req.EXP_2, Req.EXP_4, Req.EXP_5]),
                // Only a failure at a declared value's boundary shows the report is not
                // what is enforced (INF-1): leeway (EXP-1, TOK-12, TOK-13), lifetime
                // (TOK-11), size (TOK-2), grace (EXP-2, EXP-4), notice (EXP-5). An id or
                // error-model bug seen on the way is that rule's alone.
                run => DeclaredValues(run)) { ExtraIds = [Req.INF_1], ExtraIdsWhen = [Req.TOK_2, Req.TOK_11, Req.TOK_12, Req.TOK_13, Req.EXP_1, Req.EXP_2, Req.EXP_4, Req.EXP_5] },
            new ScenarioCase(
                Info("expiry/one-jump", "one AdvanceTime across every deadline fires every timer, in due order", "scenario",
                    [Req.CLK_3, Req.EXP_1, Req.EXP_2, Req.EXP_4, Req.EXP_5, Req.EVT_1, Req.EVT_3]) with { NeedsTestClock = true },
                _ =>
                [
                    new StartCommand { Roles = [0] },
                    new WatchCommand(),
                    new AdvanceCommand { Kind = AdvanceKind.PastRetention },
                    new GetCommand(),
                ]),
            new ScenarioCase(
                Info("expiry/timer-lateness", "with the real clock, timers fire within the tolerance of their due time", "scenario",
                    [Req.EXP_6, Req.EXP_1, Req.EXP_5]) with { NeedsRealClock = true },
                _ =>
                [
                    new StartCommand { LifetimeSteps = 2 },
                    new WatchCommand(),
                    new AdvanceCommand { Kind = AdvanceKind.Deadline },
                    new AdvanceCommand { Kind = AdvanceKind.Deadline },
                    new AdvanceCommand { Kind = AdvanceKind.Deadline },
                ]),
        };

        cases.AddRange(RuleScenarios.All());
        foreach (var id in TokenIds)
        {
            cases.Add(TokenAttackCase(id));
        }

        cases.Add(TokenAttackCase(Req.ERR_4));
        cases.AddRange(Transport.TransportCases.All);
        // The timers of a session started on a node that then stops must fire on
        // the others: a watcher on another node sees the notice, the expiry and
        // the termination on time (EXP-1, EXP-4, EXP-5 for the deployment).
        cases.Add(new ScenarioCase(
            Info("cluster/takeover", "a stopped node's timers fire on the other nodes", "scenario", [Req.EXP_5, Req.EXP_2, Req.EXP_4, Req.EXP_1]) with { NeedsNodeStop = true },
            _ =>
            [
                new StartCommand { Node = 0 },
                new WatchCommand { Node = 1 },
                new StopNodeCommand { Node = 1 },
                new AdvanceCommand { Kind = AdvanceKind.Deadline, Node = 1 },
                new AdvanceCommand { Kind = AdvanceKind.Deadline, Node = 1 },
                new AdvanceCommand { Kind = AdvanceKind.Deadline, Node = 1 },
                new GetCommand { Node = 1 },
            ]) { Shrink = false, FixedNodes = true });
        cases.Add(new ScenarioCase(
            Info("events/shutdown", "on shutdown open watch streams end with UNAVAILABLE", "scenario", [Req.EVT_7]) with { NeedsShutdown = true },
            _ => [new StartCommand(), new WatchCommand(), new ShutdownCommand()]) { Shrink = false });
        return cases;
    }

    private static CaseInfo Info(string name, string summary, string kind, IReadOnlyList<string> ids) => new(name, summary, ids, kind);

    private static ConformanceCase Check(string name, string summary, IReadOnlyList<string> ids, Func<CaseRun, IReadOnlyList<Command>> build, bool needsTestClock = false) =>
        new ScenarioCase(Info(name, summary, "check", ids) with { NeedsTestClock = needsTestClock }, build);

    private static ConformanceCase Property(string name, string summary, IReadOnlyList<string> ids, CommandMix mix) =>
        new PropertyCase(Info(name, summary, "property", ids), mix);

    /// <summary>The attack list's tokens for one requirement, each to StartSession and to UpdateSessionToken.</summary>
    private static ConformanceCase TokenAttackCase(string id)
    {
        var ids = id == Req.ERR_4 ? new[] { Req.ERR_4, Req.TOK_12, Req.TOK_13 } : [id, Req.UPD_1, Req.ERR_6];
        return new ScenarioCase(
            Info("tok/" + id.ToLowerInvariant(), $"Tessera.Tokens' attack tokens for {id}, on start and on update", "scenario", [.. ids, .. ErrorModel]),
            _ =>
            {
                // Every attack of the rule, whatever the target: one that does
                // not apply (a kid the key lacks, the exact clock on a real-clock
                // run) is reported as skipped with its reason, not left out.
                var names = TokenAttacks.All.Where(a => a.Requirement == id).Select(a => a.Name).ToList();
                var commands = new List<Command>();
                foreach (var name in names)
                {
                    commands.Add(new AttackCommand { CaseName = name });
                }

                foreach (var name in names)
                {
                    commands.Add(new AttackCommand { CaseName = name, Update = true });
                }

                return commands;
            });
    }

    /// <summary>Boundary tokens at the reported limits, then a session through notice, expiry and grace.</summary>
    private static List<Command> DeclaredValues(CaseRun run)
    {
        TokenFlavor[] flavors =
        [
            TokenFlavor.ValidOneTickBeforeExpiry, TokenFlavor.ExpiredAtBoundary, TokenFlavor.NbfAtBoundary, TokenFlavor.NotYetValidNbf,
            TokenFlavor.LifetimeAtMax, TokenFlavor.OverLongLifetime, TokenFlavor.SizeAtLimit, TokenFlavor.Oversized,
        ];
        var commands = new List<Command>();
        for (var i = 0; i < flavors.Length; i++)
        {
            commands.Add(new StartCommand { Instance = 10 + i, Flavor = flavors[i] });
        }

        commands.Add(new StartCommand { User = 1, Roles = [1] });
        commands.Add(new WatchCommand());
        for (var i = 0; i < 4; i++)
        {
            commands.Add(new AdvanceCommand { Kind = AdvanceKind.Deadline });
            commands.Add(new GetCommand());
        }

        return commands;
    }
}
