namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// A token provider that records when it was asked (on the client's clock)
/// and answers with a fresh token, or is held until the test releases it, or fails.
/// </summary>
internal sealed class RecordingProvider
{
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _calls = [];
    private readonly Func<string> _mint;
    private readonly TimeProvider _clientClock;
    private TaskCompletionSource? _hold;

    public RecordingProvider(TimeProvider clientClock, Func<string> mint)
    {
        _clientClock = clientClock;
        _mint = mint;
    }

    public ConditionSignal Called { get; } = new();

    /// <summary>When set, the provider throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, the provider returns it instead of a minted token.</summary>
    public string? Fixed { get; set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Makes the next calls wait until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        TaskCompletionSource? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }

        hold?.TrySetResult();
    }

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task? hold;
        lock (_gate)
        {
            _calls.Add(_clientClock.GetUtcNow());
            hold = _hold?.Task;
        }

        Called.Pulse();
        if (hold is not null)
        {
            await hold.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return Fixed ?? _mint();
    }
}
