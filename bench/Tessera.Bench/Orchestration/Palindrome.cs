namespace Tessera.Bench.Orchestration;

/// <summary>
/// The order of one round's bursts for a group of loads [L0, L1, ..., Lk]:
/// L0, L1, ..., Lk, Lk, ..., L1, L0 (A-B-B-A generalised). Each load gets two
/// bursts placed symmetrically around the round's centre, so a machine whose
/// speed drifts linearly during the round leaves every ratio between two loads
/// of the group unchanged: the baseline and the figure see the same average speed.
/// </summary>
internal static class Palindrome
{
    /// <summary>Indices into the group, in burst order: 0, 1, ..., n-1, n-1, ..., 1, 0.</summary>
    public static IReadOnlyList<int> Order(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return [.. Enumerable.Range(0, count), .. Enumerable.Range(0, count).Reverse()];
    }

    /// <summary>
    /// Candidate / baseline in percent from one round: the two bursts of each,
    /// summed, so that (B1 + B2) / (A1 + A2).
    /// </summary>
    public static double RatioPercent(double candidate1, double candidate2, double baseline1, double baseline2) =>
        100 * (candidate1 + candidate2) / (baseline1 + baseline2);
}
