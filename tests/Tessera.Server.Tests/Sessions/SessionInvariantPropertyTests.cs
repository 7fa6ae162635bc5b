using FsCheck;
using FsCheck.Fluent;
using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Events;

namespace Tessera.Server.Tests.Sessions;

/// <summary>
/// Random workloads (start, update, end, advance, watch, close) against the
/// registry on the manual clock, checking after every step: at most one live
/// session per instance (ONE-1); every watcher sees seq gapless from its resume
/// point (EVT-1, EVT-2, EVT-4); the terminated event is last and nothing follows
/// it (EVT-3); a terminated session never comes back; and every watcher's events
/// agree with the session's own log.
/// </summary>
public sealed class SessionInvariantPropertyTests
{
    private static readonly string[][] RoleSets = [[], ["reader"], ["reader", "writer"]];

    [Fact]
    [Trait("Requirement", Req.ONE_1)]
    [Trait("Requirement", Req.EVT_1)]
    [Trait("Requirement", Req.EVT_2)]
    [Trait("Requirement", Req.EVT_3)]
    public void RandomCommandSequences_InvariantsHoldAfterEveryStep()
    {
        var property = Prop.ForAll(Workloads(), workload =>
        {
            Run(workload.Policy, workload.Commands);
            return true;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), property);
    }

    private static Arbitrary<Workload> Workloads()
    {
        var start = Gen.Choose(0, 2).SelectMany(
            instance => Gen.Choose(0, 2).SelectMany(
                user => Gen.Choose(5, 180).SelectMany(
                    lifetime => Gen.Choose(0, 2).Select(roles => new PropertyCommand(PropertyCommandKind.Start, instance, user, lifetime, roles)))));
        var update = Gen.Choose(0, 20).SelectMany(
            pick => Gen.Frequency((6, Gen.Constant(-1)), (1, Gen.Choose(0, 2))).SelectMany(
                user => Gen.Choose(-20, 180).SelectMany(
                    shift => Gen.Frequency((6, Gen.Constant(-1)), (1, Gen.Choose(0, 2))).Select(roles => new PropertyCommand(PropertyCommandKind.Update, pick, user, shift, roles)))));
        var end = Gen.Choose(0, 20).Select(pick => new PropertyCommand(PropertyCommandKind.End, pick, 0, 0, 0));
        var advance = Gen.Choose(1, 120).Select(seconds => new PropertyCommand(PropertyCommandKind.Advance, seconds, 0, 0, 0));
        var watch = Gen.Choose(0, 20).SelectMany(pick => Gen.Choose(0, 2).Select(mode => new PropertyCommand(PropertyCommandKind.Watch, pick, mode, 0, 0)));
        var close = Gen.Choose(0, 20).Select(pick => new PropertyCommand(PropertyCommandKind.CloseWatch, pick, 0, 0, 0));
        var command = Gen.Frequency((4, start), (4, update), (2, end), (5, advance), (3, watch), (2, close));
        var workload = Gen.Elements(SingleSessionPolicy.Replace, SingleSessionPolicy.Reject).SelectMany(
            policy => command.ListOf().Select(commands => new Workload(policy, commands.ToArray())));
        return Arb.From(workload, Shrink);
    }

    // Shrinks by dropping one command at a time: enough to isolate a failing step.
    private static IEnumerable<Workload> Shrink(Workload workload)
    {
        for (var i = 0; i < workload.Commands.Length; i++)
        {
            var fewer = new PropertyCommand[workload.Commands.Length - 1];
            Array.Copy(workload.Commands, 0, fewer, 0, i);
            Array.Copy(workload.Commands, i + 1, fewer, i, fewer.Length - i);
            yield return workload with { Commands = fewer };
        }
    }

    private static void Run(SingleSessionPolicy policy, PropertyCommand[] commands)
    {
        using var harness = new RegistryHarness(
            o =>
            {
                o.SingleSessionPolicy = policy;
                o.ExpiryGrace = TimeSpan.FromSeconds(20);
                o.ExpiringNotice = TimeSpan.FromSeconds(30);
                o.DisconnectGrace = TimeSpan.FromSeconds(90);
                o.TerminatedRetention = TimeSpan.FromMinutes(30);
                o.EventReplayCapacity = 1024;
            },
            leeway: TimeSpan.FromSeconds(2));
        var sessions = new List<(string Id, string Instance)>();
        var watches = new List<Observed>();
        var terminated = new HashSet<string>();

        foreach (var command in commands)
        {
            Apply(harness, command, sessions, watches);
            CheckInvariants(harness, sessions, watches, terminated);
        }

        foreach (var (id, _) in sessions)
        {
            var history = harness.Registry.Watch(id, 0);
            if (!history.IsSuccess)
            {
                continue;
            }

            var log = RegistryHarness.ReadReady(history.Value!);
            history.Value!.Dispose();
            CheckSequence(log, 0, $"log of {id}");
            foreach (var observed in watches.Where(w => w.Watch.SessionId == id))
            {
                foreach (var seen in observed.Events)
                {
                    Assert.Equal(log[(int)seen.Seq - 1].KindCase, seen.KindCase);
                }
            }
        }

        foreach (var observed in watches)
        {
            observed.Watch.Dispose();
        }

        Assert.Empty(harness.TimerErrors);
    }

    private static void Apply(RegistryHarness harness, PropertyCommand command, List<(string Id, string Instance)> sessions, List<Observed> watches)
    {
        switch (command.Kind)
        {
            case PropertyCommandKind.Start:
            {
                var instance = "device-" + command.A;
                var token = harness.Token("user-" + command.B, roles: RoleSets[command.D], lifetime: TimeSpan.FromSeconds(command.C));
                var result = harness.Start(token, instance);
                if (result.IsSuccess)
                {
                    sessions.Add((result.Value!.SessionId, instance));
                }
                else
                {
                    Assert.Equal(ErrorReasons.SessionAlreadyActive, result.Error.Reason);
                }

                break;
            }

            case PropertyCommandKind.Update when sessions.Count > 0:
            {
                var id = sessions[command.A % sessions.Count].Id;
                var current = harness.Registry.Get(id);
                if (!current.IsSuccess && current.Error.Reason != ErrorReasons.TokenExpired)
                {
                    var refused = harness.Registry.Update(id, RegistryHarness.Valid(harness.Token()));
                    Assert.Contains(refused.Error!.Reason, new[] { ErrorReasons.SessionTerminated, ErrorReasons.SessionNotFound });
                    break;
                }

                // EXPIRED sessions answer Get with TOKEN_EXPIRED, so rebuild the claims from a watch-free read.
                var snapshot = current.Value ?? SnapshotOf(harness, id);
                var user = command.B < 0 ? snapshot.UserId : "user-" + command.B;
                var roles = command.D < 0 ? [.. snapshot.Roles] : RoleSets[command.D];
                var exp = harness.Now.AddSeconds(Math.Max(5, command.C));
                if (command.C < 0)
                {
                    exp = snapshot.ExpiresAt.AddSeconds(command.C);
                }

                harness.Registry.Update(id, RegistryHarness.Valid(harness.TokenExpiringAt(exp, user, snapshot.Issuer, roles)));
                break;
            }

            case PropertyCommandKind.End when sessions.Count > 0:
                harness.Registry.End(sessions[command.A % sessions.Count].Id);
                break;

            case PropertyCommandKind.Advance:
                harness.Advance(TimeSpan.FromSeconds(command.A));
                break;

            case PropertyCommandKind.Watch when sessions.Count > 0:
            {
                var id = sessions[command.A % sessions.Count].Id;
                var last = LastSeq(harness, id);
                var resume = command.B switch
                {
                    0 => 0UL,
                    1 => last / 2,
                    _ => last,
                };
                var result = harness.Registry.Watch(id, resume);
                if (result.IsSuccess)
                {
                    watches.Add(new Observed(result.Value!, resume));
                }
                else
                {
                    Assert.Contains(result.Error.Reason, new[] { ErrorReasons.SessionTerminated, ErrorReasons.SessionNotFound });
                }

                break;
            }

            case PropertyCommandKind.CloseWatch when watches.Count > 0:
                watches[command.A % watches.Count].Watch.Dispose();
                break;
        }
    }

    private static void CheckInvariants(RegistryHarness harness, List<(string Id, string Instance)> sessions, List<Observed> watches, HashSet<string> terminated)
    {
        // ONE-1: at most one ACTIVE or EXPIRED session per (issuer, client_instance_id).
        var livePerInstance = new Dictionary<string, int>();
        foreach (var (id, instance) in sessions)
        {
            var get = harness.Registry.Get(id);
            var live = get.IsSuccess || get.Error.Reason == ErrorReasons.TokenExpired;
            if (live)
            {
                Assert.DoesNotContain(id, terminated);
                livePerInstance[instance] = livePerInstance.GetValueOrDefault(instance) + 1;
            }
            else
            {
                terminated.Add(id);
            }
        }

        Assert.All(livePerInstance.Values, count => Assert.Equal(1, count));

        foreach (var observed in watches)
        {
            observed.Events.AddRange(RegistryHarness.ReadReady(observed.Watch));
            CheckSequence(observed.Events, observed.ResumeAfter, $"watch of {observed.Watch.SessionId} from {observed.ResumeAfter}");
        }
    }

    private static void CheckSequence(List<SessionEvent> events, ulong resumeAfter, string what)
    {
        for (var i = 0; i < events.Count; i++)
        {
            Assert.True(events[i].Seq == resumeAfter + (ulong)i + 1, $"{what}: seq {events[i].Seq} at position {i}");
            var terminal = events[i].KindCase == SessionEvent.KindOneofCase.Terminated;
            Assert.True(!terminal || i == events.Count - 1, $"{what}: an event follows the terminated event");
        }
    }

    private static ulong LastSeq(RegistryHarness harness, string id)
    {
        var watch = harness.Registry.Watch(id, 0);
        if (!watch.IsSuccess)
        {
            return 0;
        }

        var seq = RegistryHarness.ReadReady(watch.Value!).LastOrDefault()?.Seq ?? 0;
        watch.Value!.Dispose();
        return seq;
    }

    private static Tessera.Server.Sessions.SessionSnapshot SnapshotOf(RegistryHarness harness, string id)
    {
        var snapshot = harness.Registry.Store.Get(id, harness.Now);
        Assert.NotNull(snapshot);
        return snapshot;
    }

    /// <summary>A generated workload: the single-session policy and the commands.</summary>
    public sealed record Workload(SingleSessionPolicy Policy, PropertyCommand[] Commands)
    {
        public override string ToString() => $"{Policy}: [{string.Join(", ", Commands.Select(c => c.ToString()))}]";
    }

    private sealed record Observed(WatchSubscription Watch, ulong ResumeAfter)
    {
        public List<SessionEvent> Events { get; } = [];
    }
}
