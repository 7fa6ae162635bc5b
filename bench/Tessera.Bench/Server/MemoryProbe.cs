using System.Globalization;

namespace Tessera.Bench.Server;

/// <summary>
/// The process's memory after a full blocking, compacting collection: RSS from
/// /proc/self/status (what the machine pays) and the live managed heap (what
/// the objects take).
/// </summary>
internal static class MemoryProbe
{
    public static MemorySample Measure()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var managed = GC.GetTotalMemory(forceFullCollection: false);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        return new MemorySample(ReadRssBytes(), managed, info.HeapSizeBytes, info.TotalCommittedBytes);
    }

    /// <summary>VmRSS of this process in bytes; Environment.WorkingSet where /proc is missing.</summary>
    public static long ReadRssBytes() => ReadRssBytes("/proc/self/status") ?? Environment.WorkingSet;

    public static long? ReadRssBytes(string statusPath)
    {
        if (!File.Exists(statusPath))
        {
            return null;
        }

        foreach (var line in File.ReadLines(statusPath))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var parts = line["VmRSS:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }
}
