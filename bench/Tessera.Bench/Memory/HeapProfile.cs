using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;

namespace Tessera.Bench.Memory;

/// <summary>
/// A profiling aid for the memory figure, not a figure: dumps a process's heap
/// through the diagnostics IPC channel (what dotnet-dump does) and sums the
/// objects by type with ClrMD; two such censuses, before and after the sessions
/// were opened, say which types the per-session bytes are. Both libraries come
/// with BenchmarkDotNet. Take a census right after a forced full collection, so
/// that dead objects do not count.
/// </summary>
internal static class HeapProfile
{
    public static Dictionary<string, (long Count, long Bytes)> Census(int pid, string dumpPath)
    {
        new DiagnosticsClient(pid).WriteDump(DumpType.WithHeap, dumpPath);
        try
        {
            using var target = DataTarget.LoadDump(dumpPath);
            using var runtime = target.ClrVersions[0].CreateRuntime();
            var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
            foreach (var obj in runtime.Heap.EnumerateObjects())
            {
                if (!obj.IsValid || obj.Type is null)
                {
                    continue;
                }

                var name = obj.Type.Name ?? "?";
                var (count, bytes) = byType.GetValueOrDefault(name);
                byType[name] = (count + 1, bytes + (long)obj.Size);
            }

            return byType;
        }
        finally
        {
            File.Delete(dumpPath);
        }
    }

    /// <summary>The <paramref name="top"/> types that grew most from <paramref name="before"/> to <paramref name="after"/>, per added session.</summary>
    public static IReadOnlyList<string> Growth(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after, int sessions, int top)
    {
        var growth = new List<(string Type, double Count, double Bytes)>();
        foreach (var (type, (count, bytes)) in after)
        {
            var (oldCount, oldBytes) = before.GetValueOrDefault(type);
            growth.Add((type, (count - oldCount) / (double)sessions, (bytes - oldBytes) / (double)sessions));
        }

        var total = growth.Sum(g => g.Bytes);
        var groups = growth
            .GroupBy(g => Owner(g.Type))
            .Select(g => (Owner: g.Key, Bytes: g.Sum(x => x.Bytes)))
            .Where(g => Math.Abs(g.Bytes) >= 1)
            .OrderByDescending(g => g.Bytes)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Owner} {g.Bytes:0} B"));
        var lines = growth
            .OrderByDescending(g => g.Bytes)
            .Take(top)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"`{Shorten(g.Type)}` {g.Bytes:0} B ({g.Count:0.##} per session)"))
            .ToList();
        lines.Insert(0, string.Create(CultureInfo.InvariantCulture, $"all types {total:0} B per session, by owner: {string.Join(", ", groups)}; largest types"));
        return lines;
    }

    /// <summary>
    /// Who allocates a type: a type that names a Tessera type anywhere (an async
    /// state machine of a Tessera method, a Tessera generic argument) is Tessera's;
    /// one that names ASP.NET Core is the web stack's (Kestrel, hosting, routing);
    /// strings and byte arrays cannot be told apart by type; the rest is the runtime
    /// library (tasks, cancellation, channels, pipes).
    /// </summary>
    private static string Owner(string type) =>
        type.Contains("Tessera.Bench.", StringComparison.Ordinal) ? "bench instrumentation"
        : type.Contains("Tessera.", StringComparison.Ordinal) || type.StartsWith("Grpc.", StringComparison.Ordinal) || type.Contains("Google.Protobuf", StringComparison.Ordinal) ? "Tessera (incl. protobuf)"
        : type.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) || type.Contains("Microsoft.Extensions", StringComparison.Ordinal) ? "ASP.NET Core/Kestrel"
        : type is "System.String" or "System.Byte[]" or "System.Char[]" ? "strings and byte arrays"
        : "runtime library (System.*)";

    // Generic arguments make type names long; the namespaces add nothing to the table.
    private static string Shorten(string type) =>
        System.Text.RegularExpressions.Regex.Replace(type, @"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?=[A-Za-z_][A-Za-z0-9_`]*)", string.Empty);
}
