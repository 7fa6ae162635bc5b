namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// Lets a test wait until a condition over some recorded state holds: every
/// change calls <see cref="Pulse"/>, and <see cref="WaitAsync"/> re-checks the
/// condition after each pulse. No polling, no sleeping.
/// </summary>
internal sealed class ConditionSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Pulse()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> after <see cref="Timeouts.Event"/>.</summary>
    public async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeouts.Event;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                if (!condition())
                {
                    throw new TimeoutException("Timed out waiting for: " + what);
                }

                return;
            }
        }
    }
}
