using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Conformance.Clients.Running;

namespace Tessera.Conformance.Clients.Harness;

/// <summary>
/// The runner's side of the harness contract: numbers and sends commands,
/// matches answers by id, and records every event in arrival order. Lines are
/// read in order, so an event written before an answer is recorded before the
/// answer completes its command: after <c>advance</c> returns, every token
/// request its timers caused is already here.
/// </summary>
internal sealed class HarnessConnection : IAsyncDisposable
{
    private readonly IClientHarnessTransport _transport;
    private readonly TimeSpan _timeout;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<HarnessAnswer>> _pending = new();
    private readonly Lock _gate = new();
    private readonly Lock _writeGate = new();
    private readonly List<HarnessEvent> _events = [];
    private readonly Task _reader;
    private long _nextId;
    private long _nextIndex;
    private string? _closedBecause;

    public HarnessConnection(IClientHarnessTransport transport, TimeSpan timeout)
    {
        _transport = transport;
        _timeout = timeout;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Pulsed on every event.</summary>
    public ConditionSignal Changed { get; } = new();

    /// <summary>Called for each token request, on the reading thread; must not block.</summary>
    public Action<HarnessEvent>? OnTokenRequest { get; set; }

    /// <summary>The index the next event will get: a marker for "after now".</summary>
    public long NextIndex
    {
        get
        {
            lock (_gate)
            {
                return _nextIndex;
            }
        }
    }

    /// <summary>Events of <paramref name="kind"/> recorded at or after <paramref name="since"/>.</summary>
    public List<HarnessEvent> Events(string kind, long since = 0)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Index >= since && e.Kind == kind).ToList();
        }
    }

    /// <summary>Sends a command and waits for its answer; throws <see cref="HarnessException"/> on a timeout or a closed harness.</summary>
    public async Task<HarnessAnswer> SendAsync(string command, JsonObject? arguments = null)
    {
        var answer = Send(command, arguments);
        try
        {
            return await answer.WaitAsync(_timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new HarnessException($"no answer to '{command}' within {_timeout.TotalSeconds:0.#} s{Diagnose()}");
        }
    }

    /// <summary>Sends a command without waiting: for commands that must overlap (concurrent calls).</summary>
    public Task<HarnessAnswer> Send(string command, JsonObject? arguments = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var line = arguments?.DeepClone().AsObject() ?? [];
        line["id"] = id;
        line["cmd"] = command;
        var answer = new TaskCompletionSource<HarnessAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (_closedBecause is { } reason)
        {
            _pending.TryRemove(id, out _);
            answer.TrySetException(new HarnessException(reason + Diagnose()));
            return answer.Task;
        }

        try
        {
            lock (_writeGate)
            {
                _transport.Commands.WriteLine(line.ToJsonString());
                _transport.Commands.Flush();
            }
        }
        catch (IOException e)
        {
            _pending.TryRemove(id, out _);
            answer.TrySetException(new HarnessException("the client's input is closed: " + e.Message + Diagnose()));
        }

        return answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _transport.Answers.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                // Not a JSON object at all (a build tool's chatter, say): not part of the contract, skipped.
                if (string.IsNullOrWhiteSpace(line) || !line.TrimStart().StartsWith('{'))
                {
                    continue;
                }

                JsonObject body;
                try
                {
                    body = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object");
                }
                catch (JsonException)
                {
                    Close($"the client wrote a line that is not a JSON object: {Truncate(line)}");
                    return;
                }

                if (body["event"]?.GetValue<string>() is { } kind)
                {
                    HarnessEvent recorded;
                    lock (_gate)
                    {
                        recorded = new HarnessEvent(_nextIndex++, kind, body);
                        _events.Add(recorded);
                    }

                    Changed.Pulse();
                    if (kind == "token_request")
                    {
                        OnTokenRequest?.Invoke(recorded);
                    }
                }
                else if (body["id"] is { } idNode && _pending.TryRemove(idNode.GetValue<long>(), out var answer))
                {
                    answer.TrySetResult(new HarnessAnswer(body["ok"]?.GetValue<bool>() ?? false, body));
                }
            }

            Close("the client closed its output");
        }
        catch (Exception e)
        {
            Close("reading the client failed: " + e.Message);
        }
    }

    private void Close(string reason)
    {
        _closedBecause ??= reason;
        foreach (var pending in _pending)
        {
            if (_pending.TryRemove(pending.Key, out var answer))
            {
                answer.TrySetException(new HarnessException(reason + Diagnose()));
            }
        }

        Changed.Pulse();
    }

    private string Diagnose()
    {
        var diagnostics = _transport.Diagnostics;
        return string.IsNullOrWhiteSpace(diagnostics) ? string.Empty : Environment.NewLine + "client stderr:" + Environment.NewLine + diagnostics;
    }

    private static string Truncate(string line) => line.Length <= 200 ? line : line[..200] + "...";
}
