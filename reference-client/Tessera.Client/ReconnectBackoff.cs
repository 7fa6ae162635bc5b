namespace Tessera.Client;

/// <summary>
/// How long the client waits before reopening a dropped watch stream (and
/// before retrying a refresh that failed in transport): exponential growth
/// with random jitter, so that many clients cut off at once do not come back
/// in lockstep. Attempt <c>n</c> (0-based) waits
/// <c>min(MaxDelay, InitialDelay * Multiplier^n) * (1 - Jitter * r)</c> for a
/// uniformly random <c>r</c> in [0, 1). The count restarts once the stream
/// delivers an event.
/// </summary>
public sealed class ReconnectBackoff
{
    /// <summary>The delay before the first retry, before jitter. Defaults to 500 ms; must be positive.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The largest delay, before jitter. Defaults to 30 s; must be at least <see cref="InitialDelay"/>.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth per attempt. Defaults to 2; must be at least 1.</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>The fraction of each delay that is random, from 0 (none) to 1. Defaults to 0.5.</summary>
    public double Jitter { get; init; } = 0.5;

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based), for a random draw <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan DelayFor(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var ticks = (double)InitialDelay.Ticks;
        var max = (double)MaxDelay.Ticks;
        // Grow step by step and stop at the cap, so a large attempt count never overflows.
        for (var i = 0; i < attempt && ticks < max; i++)
        {
            ticks *= Multiplier;
        }

        ticks = Math.Min(ticks, max);
        ticks *= 1.0 - (Jitter * Math.Clamp(random, 0.0, 1.0));
        return TimeSpan.FromTicks(Math.Max(1, (long)ticks));
    }

    internal IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (InitialDelay <= TimeSpan.Zero)
        {
            problems.Add($"ReconnectBackoff.InitialDelay must be positive; got {InitialDelay}.");
        }

        if (MaxDelay < InitialDelay)
        {
            problems.Add($"ReconnectBackoff.MaxDelay must be at least InitialDelay; got {MaxDelay}.");
        }

        if (double.IsNaN(Multiplier) || Multiplier < 1.0)
        {
            problems.Add($"ReconnectBackoff.Multiplier must be at least 1; got {Multiplier}.");
        }

        if (double.IsNaN(Jitter) || Jitter < 0.0 || Jitter > 1.0)
        {
            problems.Add($"ReconnectBackoff.Jitter must be between 0 and 1; got {Jitter}.");
        }

        return problems;
    }
}
