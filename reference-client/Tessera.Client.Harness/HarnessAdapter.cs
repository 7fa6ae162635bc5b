using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Protocol.V1;
using Tessera.Time;

namespace Tessera.Client.Harness;

/// <summary>
/// The reference client behind the client-conformance harness contract
/// (conformance/docs/client-harness.md): reads one JSON command per line,
/// drives a <see cref="TesseraClient"/> on a <see cref="ManualTimeProvider"/>, and
/// writes one JSON answer per command plus unsolicited events
/// (<c>token_request</c>, <c>session_event</c>, <c>session_error</c>,
/// <c>state</c>). The client's token provider is the runner: each request is
/// written out and answered by a <c>token_reply</c>.
/// </summary>
/// <remarks>
/// <c>advance</c>, <c>token_reply</c>, <c>new_client</c> and <c>close_client</c>
/// run in order on the reading loop; <c>start</c>, <c>update_token</c>,
/// <c>get</c> and <c>end</c> run concurrently (a start may wait for a token
/// the runner has yet to send). Output lines are written whole, one at a time.
/// The client's clock starts where the runner says (so the runner can skew it
/// against the server's) and moves only on <c>advance</c>, which fires every due
/// timer on the reading loop: whatever a timer starts synchronously (a token
/// request) is written before the advance is answered.
/// </remarks>
public class HarnessAdapter
{
    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly HarnessAdapterOptions _options;
    private readonly Lock _writeGate = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _tokenRequests = new();
    private readonly List<Task> _commands = [];
    private Task _eventPump = Task.CompletedTask;
    private long _nextTokenRequest;

    /// <summary>Creates an adapter reading commands from <paramref name="input"/> and writing to <paramref name="output"/>.</summary>
    public HarnessAdapter(TextReader input, TextWriter output, HarnessAdapterOptions? options = null)
    {
        _input = input;
        _output = output;
        _options = options ?? new HarnessAdapterOptions();
    }

    /// <summary>The current client, or null before the first <c>new_client</c>.</summary>
    protected TesseraClient? Client { get; private set; }

    /// <summary>The options the current client was created with.</summary>
    protected TesseraClientOptions? ClientOptions { get; private set; }

    /// <summary>The current client's clock.</summary>
    protected ManualTimeProvider? Clock { get; private set; }

    /// <summary>Serves commands until the input ends or <paramref name="cancellationToken"/> fires, then closes the client.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (await _input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JsonObject command;
                try
                {
                    command = JsonNode.Parse(line)!.AsObject();
                }
                catch (JsonException e)
                {
                    Write(new JsonObject { ["event"] = "protocol_error", ["message"] = "not a JSON object: " + e.Message });
                    continue;
                }

                await DispatchAsync(command).ConfigureAwait(false);
            }
        }
        finally
        {
            Task[] running;
            lock (_commands)
            {
                running = [.. _commands];
            }

            await CloseClientAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>How the adapter starts a session; a test may override it to inject a fault.</summary>
    protected virtual Task<Session> StartSessionAsync(string? token, CancellationToken cancellationToken) =>
        Client!.StartSessionAsync(token, cancellationToken);

    /// <summary>Called before the current client is disposed (on <c>close_client</c>, <c>new_client</c> and at the end); a test may override it to clean up what it added.</summary>
    protected virtual ValueTask OnClientClosingAsync() => ValueTask.CompletedTask;

    /// <summary>Writes one line of output.</summary>
    protected void Write(JsonObject line)
    {
        var text = line.ToJsonString();
        lock (_writeGate)
        {
            _output.WriteLine(text);
            _output.Flush();
        }
    }

    private async Task DispatchAsync(JsonObject command)
    {
        var id = command["id"]?.GetValue<long>() ?? 0;
        var name = command["cmd"]?.GetValue<string>();
        try
        {
            switch (name)
            {
                case "new_client":
                    await NewClientAsync(command).ConfigureAwait(false);
                    Reply(id, new JsonObject { ["client_instance_id"] = Client!.ClientInstanceId });
                    return;
                case "close_client":
                    await CloseClientAsync().ConfigureAwait(false);
                    Reply(id, []);
                    return;
                case "advance":
                    // Timers fire inside; anything they write comes before this answer.
                    RequireClock().Advance(TimeSpan.FromMilliseconds(command["ms"]!.GetValue<long>()));
                    Reply(id, new JsonObject { ["client_time"] = HarnessJson.Time(Clock!.GetUtcNow()) });
                    return;
                case "token_reply":
                    AnswerTokenRequest(command);
                    Reply(id, []);
                    return;
                case "start":
                case "update_token":
                case "get":
                case "end":
                    Track(RunSessionCommandAsync(id, name, command));
                    return;
                default:
                    Fail(id, new JsonObject { ["code"] = "UNIMPLEMENTED", ["reason"] = "UNKNOWN_COMMAND", ["action"] = "NONE", ["local"] = true, ["message"] = $"unknown command '{name}'" });
                    return;
            }
        }
        catch (Exception e)
        {
            Fail(id, HarnessJson.Error(e));
        }
    }

    private async Task RunSessionCommandAsync(long id, string name, JsonObject command)
    {
        try
        {
            var client = Client ?? throw new InvalidOperationException("no client: send new_client first");
            switch (name)
            {
                case "start":
                    var session = await StartSessionAsync(command["token"]?.GetValue<string>(), CancellationToken.None).ConfigureAwait(false);
                    Reply(id, new JsonObject { ["session"] = HarnessJson.Session(session) });
                    break;
                case "update_token":
                    var updated = await client.UpdateSessionTokenAsync(command["token"]!.GetValue<string>()).ConfigureAwait(false);
                    Reply(id, new JsonObject { ["session"] = HarnessJson.Session(updated) });
                    break;
                case "get":
                    var current = await client.GetSessionAsync().ConfigureAwait(false);
                    Reply(id, new JsonObject { ["session"] = HarnessJson.Session(current) });
                    break;
                default:
                    await client.EndSessionAsync().ConfigureAwait(false);
                    Reply(id, []);
                    break;
            }
        }
        catch (Exception e)
        {
            Fail(id, HarnessJson.Error(e));
        }
    }

    private async Task NewClientAsync(JsonObject command)
    {
        await CloseClientAsync().ConfigureAwait(false);
        var server = new Uri(command["server"]!.GetValue<string>());
        var instance = command["client_instance_id"]!.GetValue<string>();
        var start = DateTimeOffset.Parse(command["clock_start"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var margin = TimeSpan.FromMilliseconds(command["refresh_margin_ms"]?.GetValue<long>() ?? 30_000);
        var clock = new ManualTimeProvider(start);
        var options = new TesseraClientOptions
        {
            Address = server,
            ClientInstanceId = instance,
            TimeProvider = clock,
            RefreshMargin = margin,
            TokenProvider = RequestTokenAsync,
            // The clock moves only when the runner says; a deadline on it would fire at random.
            CallTimeout = null,
        };
        _options.ConfigureClient?.Invoke(options, new HarnessClientConfig(server, instance, margin, clock));

        var client = new TesseraClient(options);
        client.StateChanged += (_, e) => Write(new JsonObject { ["event"] = "state", ["state"] = HarnessJson.StateName(e.Current) });
        client.SessionError += (_, e) => Write(new JsonObject
        {
            ["event"] = "session_error",
            ["session_id"] = e.SessionId,
            ["reason"] = e.Reason,
            ["action"] = HarnessJson.ActionName(e.Action),
            ["end_reason"] = e.EndReason is { } end ? HarnessJson.EndReasonName(end) : null,
            ["message"] = e.Message,
        });
        Clock = clock;
        ClientOptions = options;
        Client = client;
        _eventPump = PumpEventsAsync(client);
    }

    private async Task CloseClientAsync()
    {
        var client = Client;
        if (client is null)
        {
            return;
        }

        await OnClientClosingAsync().ConfigureAwait(false);
        Client = null;
        await client.DisposeAsync().ConfigureAwait(false);
        await _eventPump.ConfigureAwait(false);
        foreach (var pending in _tokenRequests)
        {
            pending.Value.TrySetCanceled();
        }

        _tokenRequests.Clear();
    }

    private async Task PumpEventsAsync(TesseraClient client)
    {
        await foreach (var e in client.ReadEventsAsync().ConfigureAwait(false))
        {
            Write(new JsonObject
            {
                ["event"] = "session_event",
                ["session_id"] = e.SessionId,
                ["seq"] = e.Seq,
                ["kind"] = HarnessJson.KindName(e.Kind),
                ["end_reason"] = e.EndReason is { } end ? HarnessJson.EndReasonName(end) : null,
            });
        }
    }

    /// <summary>The token provider: asks the runner and waits for its <c>token_reply</c>.</summary>
    private async ValueTask<string> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var request = Interlocked.Increment(ref _nextTokenRequest);
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _tokenRequests[request] = answer;
        // Written synchronously, before the first await, so a refresh started by
        // an advance is announced before that advance is answered.
        Write(new JsonObject { ["event"] = "token_request", ["request"] = request, ["client_time"] = HarnessJson.Time(RequireClock().GetUtcNow()) });
        try
        {
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _tokenRequests.TryRemove(request, out _);
        }
    }

    private void AnswerTokenRequest(JsonObject command)
    {
        var request = command["request"]!.GetValue<long>();
        if (!_tokenRequests.TryGetValue(request, out var answer))
        {
            return;
        }

        if (command["error"]?.GetValue<string>() is { } error)
        {
            answer.TrySetException(new InvalidOperationException("token provider: " + error));
        }
        else
        {
            answer.TrySetResult(command["token"]?.GetValue<string>() ?? string.Empty);
        }
    }

    private ManualTimeProvider RequireClock() => Clock ?? throw new InvalidOperationException("no client: send new_client first");

    private void Track(Task task)
    {
        lock (_commands)
        {
            _commands.RemoveAll(t => t.IsCompleted);
            _commands.Add(task);
        }
    }

    private void Reply(long id, JsonObject body)
    {
        body["id"] = id;
        body["ok"] = true;
        Write(body);
    }

    private void Fail(long id, JsonObject error) =>
        Write(new JsonObject { ["id"] = id, ["ok"] = false, ["error"] = error });
}
