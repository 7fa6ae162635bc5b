namespace Tessera.Server.Tests.Scheduling;

/// <summary>An <see cref="ITimer"/> that reports every <see cref="Change"/> before passing it on.</summary>
internal sealed class CountingTimer(ITimer inner, Action onChange) : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        onChange();
        return inner.Change(dueTime, period);
    }

    public void Dispose() => inner.Dispose();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
