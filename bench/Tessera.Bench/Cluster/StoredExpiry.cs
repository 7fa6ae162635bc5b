using System.Globalization;

namespace Tessera.Bench.Cluster;

/// <summary>
/// Reads one session's expiry back from what the Redis store wrote: the hash's <c>exp</c>
/// (UTC ticks, 19 digits) and the event log's entries <c>seq|ticks|kind|args</c>, where
/// kind D is token_expired and ticks the firing node's clock when it decided. The format
/// is the store's (src/Tessera.Server.Redis/StoredEventText.cs), which keeps it internal.
/// </summary>
internal static class StoredExpiry
{
    /// <summary>Due time: exp + leeway; null while the hash is gone.</summary>
    public static DateTimeOffset? DueAt(string? expTicks, TimeSpan leeway) =>
        expTicks is null ? null : Ticks(expTicks) + leeway;

    /// <summary>How late (ms) the session left ACTIVE after <paramref name="dueAt"/>; null when its log has no token_expired yet.</summary>
    public static double? LatenessMs(DateTimeOffset dueAt, IEnumerable<string> log)
    {
        foreach (var entry in log)
        {
            var parts = entry.Split('|', 4);
            if (parts.Length >= 3 && parts[2] == "D")
            {
                return (Ticks(parts[1]) - dueAt).TotalMilliseconds;
            }
        }

        return null;
    }

    private static DateTimeOffset Ticks(string text) => new(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);
}
