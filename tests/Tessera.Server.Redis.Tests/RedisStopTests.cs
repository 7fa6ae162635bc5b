using System.Globalization;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Redis.Tests.Processes;
using Xunit.Abstractions;

namespace Tessera.Server.Redis.Tests;

/// <summary>
/// Issue 11, "Redis-stop test": while workers start, update and end sessions on three
/// reference-server processes, redis-server is killed (SIGKILL, a crash) and restarted,
/// then hung (SIGSTOP) and let go on (SIGCONT). Every call answers OK or UNAVAILABLE /
/// STORE_UNAVAILABLE; everything answered OK is in Redis afterwards; and the same nodes,
/// never restarted, serve again after each.
/// </summary>
/// <remarks>
/// "Redis really has it" is read back after the restart, so Redis keeps an append-only
/// file fsynced before every reply (<c>--appendfsync always</c>): with it, a killed Redis
/// loses nothing it acknowledged, and whatever a node answered OK must be there.
/// </remarks>
[Collection(ProcessTestsCollection.Name)]
public sealed class RedisStopTests
{
    private const int Workers = 6;

    // Lives completed before the kill: the kill lands in a running workload.
    private const int LivesBeforeKill = 12;

    // Lives begun and completed after the restart (and after the hang), each on all three nodes.
    private const int LivesAfterRestart = 2 * Workers;

    // A call that does not answer within this hangs: a verdict (Answer.Other), never a stuck test.
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(20);

    // Bounds the whole run, reconnection included (the multiplexer's own retry schedule).
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(75);

    // While Redis is away answers come at once; the workers poll, they do not spin.
    private static readonly TimeSpan PollAfterRefusal = TimeSpan.FromMilliseconds(50);

    private readonly ITestOutputHelper _output;

    public RedisStopTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    [Trait("Requirement", Req.ERR_2)]
    public async Task RedisKilledThenHungMidRun_CallsAreOkAndStoredOrStoreUnavailable_ThenTheSameNodesServeAgain()
    {
        var aof = Directory.CreateTempSubdirectory("tessera-redis-stop-");
        try
        {
            using var redis = new RedisTestServer(aof.FullName);
            await using var cluster = await ProcessCluster.StartAsync(redis, 3, []);
            using var run = new CancellationTokenSource(RunBound);
            await cluster.WarmUpAsync(run.Token);
            var ledger = new CallLedger();
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(cluster, w, ledger, stop.Token))).ToArray();

            await Until(() => ledger.Completed(CallLedger.Running) >= LivesBeforeKill, "the workload did not get going", ledger, run.Token);
            var outage = System.Diagnostics.Stopwatch.StartNew();
            redis.Stop();
            ledger.Phase = CallLedger.RedisDown;
            var before = cluster.Nodes.ToDictionary(n => n.Name, n => ledger.UnavailableAnswers(n.Name));
            await Until(() => cluster.Nodes.All(n => ledger.UnavailableAnswers(n.Name) > before[n.Name]), "a node never answered STORE_UNAVAILABLE while Redis was down", ledger, run.Token);
            redis.Start();
            var down = outage.Elapsed;
            ledger.Phase = CallLedger.RedisBack;
            await Until(() => ledger.Completed(CallLedger.RedisBack) >= LivesAfterRestart, "the nodes did not serve again after Redis came back", ledger, run.Token);
            var recovered = outage.Elapsed - down;

            // A hang (SIGSTOP) rather than a crash: calls time out into STORE_UNAVAILABLE, and
            // what Redis ran after SIGCONT may or may not include them (the read-back allows both).
            var hang = System.Diagnostics.Stopwatch.StartNew();
            before = cluster.Nodes.ToDictionary(n => n.Name, n => ledger.UnavailableAnswers(n.Name));
            redis.Pause();
            ledger.Phase = CallLedger.RedisHung;
            try
            {
                await Until(() => cluster.Nodes.All(n => ledger.UnavailableAnswers(n.Name) > before[n.Name]), "a node never answered STORE_UNAVAILABLE while Redis hung", ledger, run.Token);
            }
            finally
            {
                redis.Resume();
            }

            var hung = hang.Elapsed;
            ledger.Phase = CallLedger.RedisGoesOn;
            await Until(() => ledger.Completed(CallLedger.RedisGoesOn) >= LivesAfterRestart, "the nodes did not serve again after Redis went on", ledger, run.Token);
            var wentOn = hang.Elapsed - hung;
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            var lives = ledger.Lives;
            var wrong = lives.Where(l => l.Calls.Any(c => c.Answer == Answer.Other)).ToList();
            Assert.True(wrong.Count == 0, "calls answered neither OK nor UNAVAILABLE / STORE_UNAVAILABLE:" + Environment.NewLine + string.Join(Environment.NewLine, wrong));
            var readBack = await Task.WhenAll(lives.Where(l => l.SessionId is not null).Select((l, i) => ReadBackAsync(cluster.Nodes[i % 3], l, run.Token)));
            var lost = readBack.Where(problem => problem is not null).ToList();
            Assert.True(lost.Count == 0, "answered OK but not what Redis has after its restart:" + Environment.NewLine + string.Join(Environment.NewLine, lost));

            _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{lives.Count} session lives, {lives.Sum(l => l.Calls.Count)} calls: {lives.Sum(l => l.Calls.Count(c => c.Answer == Answer.Ok))} OK, {lives.Sum(l => l.Calls.Count(c => c.Answer == Answer.StoreUnavailable))} STORE_UNAVAILABLE; {readBack.Length} sessions read back; Redis down {down.TotalMilliseconds:0} ms, {LivesAfterRestart} lives completed {recovered.TotalMilliseconds:0} ms after its restart; hung {hung.TotalMilliseconds:0} ms, {LivesAfterRestart} lives completed {wentOn.TotalMilliseconds:0} ms after SIGCONT"));
        }
        finally
        {
            aof.Delete(recursive: true);
        }
    }

    /// <summary>One worker: session lives, start, update and end each on another node, until stopped.</summary>
    private static async Task WorkAsync(ProcessCluster cluster, int worker, CallLedger ledger, CancellationToken stop)
    {
        for (var iteration = 0; !stop.IsCancellationRequested; iteration++)
        {
            var nodes = Enumerable.Range(0, 3).Select(k => cluster.Nodes[(worker + iteration + k) % 3]).ToArray();
            var user = string.Create(CultureInfo.InvariantCulture, $"user-{worker}");
            var life = ledger.Begin(string.Create(CultureInfo.InvariantCulture, $"w{worker}-i{iteration}"));
            var startExp = DateTimeOffset.UtcNow.AddHours(1);
            var started = await CallAsync(ledger, life, CallKind.Start, nodes[0], startExp,
                o => nodes[0].Sessions.StartSessionAsync(ProcessCluster.Start(life.Instance, cluster.Token(user, startExp)), o));
            life.SessionId = started?.Session.SessionId;
            if (started is null)
            {
                await Task.Delay(PollAfterRefusal, CancellationToken.None);
                continue;
            }

            var updateExp = startExp.AddHours(1);
            var updated = await CallAsync(ledger, life, CallKind.Update, nodes[1], updateExp,
                o => nodes[1].Sessions.UpdateSessionTokenAsync(new UpdateSessionTokenRequest { SessionId = life.SessionId, Token = cluster.Token(user, updateExp) }, o));
            if (updated is null)
            {
                await Task.Delay(PollAfterRefusal, CancellationToken.None);
                continue;
            }

            var ended = await CallAsync(ledger, life, CallKind.End, nodes[2], null,
                o => nodes[2].Sessions.EndSessionAsync(new EndSessionRequest { SessionId = life.SessionId }, o));
            if (ended is null)
            {
                await Task.Delay(PollAfterRefusal, CancellationToken.None);
            }
        }
    }

    /// <summary>One call, recorded: the response when OK, null otherwise.</summary>
    private static async Task<T?> CallAsync<T>(CallLedger ledger, SessionLife life, CallKind kind, ReferenceServerProcess node, DateTimeOffset? expiresAt, Func<CallOptions, AsyncUnaryCall<T>> call)
        where T : class
    {
        try
        {
            // Never the stop token: a call is answered, not abandoned, so every answer is judged.
            var response = await call(new CallOptions(deadline: DateTime.UtcNow + CallDeadline));
            ledger.Record(life, new Call(kind, node.Name, Whole(expiresAt), Answer.Ok, "OK"));
            return response;
        }
        catch (RpcException e)
        {
            ledger.Record(life, new Call(kind, node.Name, Whole(expiresAt), CallLedger.Classify(e, out var detail), detail));
            return null;
        }
    }

    /// <summary>
    /// After the restart: the session is in the state of its last OK call, or of the one
    /// refused after it (UNAVAILABLE does not say the change was not stored). Null when so,
    /// else what is wrong.
    /// </summary>
    private static async Task<string?> ReadBackAsync(ReferenceServerProcess node, SessionLife life, CancellationToken cancellation)
    {
        var lastOk = life.Calls.FindLastIndex(c => c.Answer == Answer.Ok);
        var allowed = life.Calls.Skip(lastOk).Take(2).Select(Expected).ToList();
        string actual;
        try
        {
            var session = (await node.Sessions.GetSessionAsync(new GetSessionRequest { SessionId = life.SessionId }, cancellationToken: cancellation)).Session;
            actual = session.State == SessionState.Active ? Active(session.ExpiresAt.ToDateTimeOffset()) : "state " + session.State;
        }
        catch (RpcException e)
        {
            CallLedger.Classify(e, out var detail);
            actual = CallLedger.Reason(e) == ErrorReasons.SessionTerminated ? "terminated" : detail;
        }

        if (!allowed.Contains(actual))
        {
            return $"{life}: Redis has \"{actual}\", expected {string.Join(" or ", allowed.Select(a => $"\"{a}\""))}";
        }

        if (actual != "terminated" || life.Calls[^1] is not { Kind: CallKind.End, Answer: Answer.Ok })
        {
            return null;
        }

        // An OK end: its events are stored too (EVT-5 replays them, the terminal one last).
        var watcher = new SessionWatcher(life.SessionId!);
        var end = await watcher.ReadStreamAsync(node.Sessions, cancellation);
        var events = watcher.Events.Select(e => e.Event).ToArray();
        var updateExp = life.Calls[1].ExpiresAt!.Value;
        var stored = end is null
            && events.Select(e => e.Seq).SequenceEqual([1UL, 2UL])
            && events[0].KindCase == SessionEvent.KindOneofCase.TokenUpdated && events[0].TokenUpdated.ExpiresAt.ToDateTimeOffset() == updateExp
            && events[1].KindCase == SessionEvent.KindOneofCase.Terminated && events[1].Terminated.Reason == SessionEndReason.Ended;
        return stored ? null : $"{life}: its events read back as [{string.Join(", ", events.Select(e => $"{e.Seq} {e.KindCase}"))}] ending {end?.Status.ToString() ?? "OK"}, expected [1 TokenUpdated, 2 Terminated(ENDED)]";
    }

    private static string Expected(Call call) => call.Kind == CallKind.End ? "terminated" : Active(call.ExpiresAt!.Value);

    private static string Active(DateTimeOffset expiresAt) => "active until " + expiresAt.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Whole(DateTimeOffset? at) => at is { } value ? DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds()) : null;

    /// <summary>Waits for something the workload does (a count), bounded by the run; fails with the ledger's tail when the run ends first.</summary>
    private static async Task Until(Func<bool> condition, string failure, CallLedger ledger, CancellationToken run)
    {
        while (!condition())
        {
            if (run.IsCancellationRequested)
            {
                Assert.Fail(failure + "; the last session lives:" + Environment.NewLine + string.Join(Environment.NewLine, ledger.Lives.TakeLast(12)));
            }

            // A poll interval on a count, not a wait for time to pass.
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
