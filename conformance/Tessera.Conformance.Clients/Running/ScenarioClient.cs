using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Conformance.Clients.Harness;
using Tessera.Conformance.Clients.Server;

namespace Tessera.Conformance.Clients.Running;

/// <summary>
/// One scenario's client: a fresh <c>new_client</c> on its own instance id,
/// its clock set to the server's plus a skew, and the runner answering its
/// token requests as the scenario says. Disposing closes the client.
/// </summary>
internal sealed class ScenarioClient : IAsyncDisposable
{
    private readonly RunContext _run;
    private readonly Lock _gate = new();
    private readonly List<HarnessEvent> _held = [];
    private TokenReplyMode _mode = TokenReplyMode.Fresh;

    private ScenarioClient(RunContext run, InstrumentedServer server, string instanceId, string subject, TimeSpan lifetime, long mark)
    {
        _run = run;
        Server = server;
        InstanceId = instanceId;
        Subject = subject;
        Lifetime = lifetime;
        Mark = mark;
    }

    public InstrumentedServer Server { get; }

    public HarnessConnection Harness => _run.Harness;

    public string InstanceId { get; }

    public string Subject { get; }

    public IReadOnlyList<string> Roles { get; } = ["member"];

    /// <summary>The lifetime of the tokens the runner hands out.</summary>
    public TimeSpan Lifetime { get; set; }

    /// <summary>The harness event index when the scenario began: older events belong to other scenarios.</summary>
    public long Mark { get; }

    /// <summary>The session the last successful start returned.</summary>
    public string? SessionId { get; private set; }

    public TimeSpan EventTimeout => _run.Options.EventTimeout;

    public TimeSpan QuietPeriod => _run.Options.QuietPeriod;

    public TokenReplyMode Mode
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }
        set
        {
            lock (_gate)
            {
                _mode = value;
            }
        }
    }

    /// <summary>Creates the client: its clock starts at the server's time plus <paramref name="skew"/>.</summary>
    public static async Task<ScenarioClient> CreateAsync(RunContext run, InstrumentedServer server, TimeSpan skew, TimeSpan margin, TimeSpan lifetime)
    {
        var instance = run.NextInstanceId();
        var client = new ScenarioClient(run, server, instance, "user-" + instance, lifetime, run.Harness.NextIndex);
        run.Harness.OnTokenRequest = client.OnTokenRequest;
        var answer = await run.Harness.SendAsync("new_client", new JsonObject
        {
            ["server"] = server.Address.ToString(),
            ["client_instance_id"] = instance,
            ["clock_start"] = Time(server.Now + skew),
            ["refresh_margin_ms"] = (long)margin.TotalMilliseconds,
        }).ConfigureAwait(false);
        if (!answer.Ok)
        {
            throw new HarnessException("new_client failed: " + answer);
        }

        return client;
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A token for this scenario's user, issued now on the server's clock.</summary>
    public string Mint(TimeSpan? lifetime = null, IReadOnlyList<string>? roles = null) => Server.Mint(Subject, lifetime ?? Lifetime, roles ?? Roles);

    public async Task<HarnessAnswer> StartAsync(string? token)
    {
        var arguments = new JsonObject();
        if (token is not null)
        {
            arguments["token"] = token;
        }

        var answer = await Harness.SendAsync("start", arguments).ConfigureAwait(false);
        if (answer.Ok && answer.SessionText("session_id") is { } id)
        {
            SessionId = id;
        }

        return answer;
    }

    public Task<HarnessAnswer> UpdateAsync(string token) => Harness.SendAsync("update_token", new JsonObject { ["token"] = token });

    public Task<HarnessAnswer> GetAsync() => Harness.SendAsync("get");

    /// <summary>Sends <c>get</c> without waiting for its answer.</summary>
    public Task<HarnessAnswer> SendGet() => Harness.Send("get");

    public Task<HarnessAnswer> EndAsync() => Harness.SendAsync("end");

    /// <summary>Moves the client's clock only (a device that slept, or real time passing for the client alone).</summary>
    public async Task AdvanceClientAsync(TimeSpan by)
    {
        var answer = await Harness.SendAsync("advance", new JsonObject { ["ms"] = (long)by.TotalMilliseconds }).ConfigureAwait(false);
        if (!answer.Ok)
        {
            throw new HarnessException("advance failed: " + answer);
        }
    }

    /// <summary>Real time passing for both: the server's clock first, then the client's.</summary>
    public async Task AdvanceBothAsync(TimeSpan by)
    {
        Server.Advance(by);
        await AdvanceClientAsync(by).ConfigureAwait(false);
    }

    public List<HarnessEvent> TokenRequests() => Harness.Events("token_request", Mark);

    /// <summary>The seqs of this session's events the client handed to the app, in the order reported.</summary>
    public List<long> ReportedSeqs() =>
        Harness.Events("session_event", Mark).Where(e => e.SessionId == SessionId).Select(e => e.Long("seq")).ToList();

    public List<HarnessEvent> SessionErrors() => Harness.Events("session_error", Mark).Where(e => e.SessionId == SessionId).ToList();

    /// <summary>True once the client has reported the session's end (a terminated event or a session error).</summary>
    public bool ReportedEnd() =>
        SessionErrors().Count > 0 || Harness.Events("session_event", Mark).Any(e => e.SessionId == SessionId && e.Text("kind") == "terminated");

    public Task<bool> WaitForClientAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        Harness.Changed.WaitAsync(condition, timeout ?? EventTimeout);

    public Task<bool> WaitForServerAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        Server.Calls.Changed.WaitAsync(condition, timeout ?? EventTimeout);

    /// <summary>The client's calls bound to this scenario's session.</summary>
    public List<CallRecord> SessionCalls(string method) =>
        Server.Calls.ClientCalls(c => c.Method == method && c.SessionId == SessionId);

    /// <summary>Waits until the client's watch stream for the session is open at the server.</summary>
    public Task<bool> WaitWatchOpenAsync() => WaitForServerAsync(() => SessionId is { } id && Server.Calls.OpenWatchCount(id) > 0);

    /// <summary>
    /// Moves the client's clock in 10 s steps (at most 12) until it opens a new
    /// watch call at the server. Steps are needed because the client arms its
    /// reconnect timer on its own schedule after noticing a drop.
    /// </summary>
    public async Task<bool> AdvanceUntilReconnectAsync(long sinceCallIndex)
    {
        bool Reconnected() => Server.Calls.ClientCalls(c => c.Method == "WatchSession" && c.SessionId == SessionId && c.Index >= sinceCallIndex).Count > 0;
        for (var step = 0; step < 12; step++)
        {
            await AdvanceClientAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            if (await WaitForServerAsync(Reconnected, TimeSpan.FromMilliseconds(150)).ConfigureAwait(false))
            {
                return true;
            }
        }

        // Slow machines: the last step's reconnect may still be on its way.
        return await WaitForServerAsync(Reconnected).ConfigureAwait(false);
    }

    /// <summary>Answers the held token requests with fresh tokens and goes back to answering at once.</summary>
    public void ReleaseHeld()
    {
        HarnessEvent[] held;
        lock (_gate)
        {
            _mode = TokenReplyMode.Fresh;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var request in held)
        {
            Reply(request, TokenReplyMode.Fresh);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ReferenceEquals(Harness.OnTokenRequest?.Target, this))
        {
            Harness.OnTokenRequest = null;
        }

        await Harness.SendAsync("close_client").ConfigureAwait(false);
    }

    private void OnTokenRequest(HarnessEvent request)
    {
        TokenReplyMode mode;
        lock (_gate)
        {
            mode = _mode;
            if (mode == TokenReplyMode.Hold)
            {
                _held.Add(request);
                return;
            }
        }

        Reply(request, mode);
    }

    private void Reply(HarnessEvent request, TokenReplyMode mode)
    {
        var reply = new JsonObject { ["request"] = request.Long("request") };
        switch (mode)
        {
            case TokenReplyMode.Fail:
                reply["error"] = "the backend refused (conformance runner)";
                break;
            case TokenReplyMode.Empty:
                reply["token"] = string.Empty;
                break;
            default:
                reply["token"] = Mint();
                break;
        }

        // Not awaited: this runs on the harness's reading thread, which must keep reading.
        _ = Harness.Send("token_reply", reply).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
