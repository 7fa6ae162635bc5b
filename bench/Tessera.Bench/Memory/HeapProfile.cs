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
internal static partial class HeapProfile
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
    public static IReadOnlyList<string> Growth(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after, int sessions, int top) =>
        Describe(PerSession(before, after, sessions), top, "per session");

    /// <summary>Growth of each type from <paramref name="before"/> to <paramref name="after"/>, per added session (count, bytes).</summary>
    public static Dictionary<string, (double Count, double Bytes)> PerSession(Dictionary<string, (long Count, long Bytes)> before, Dictionary<string, (long Count, long Bytes)> after, int sessions)
    {
        var growth = new Dictionary<string, (double Count, double Bytes)>(StringComparer.Ordinal);
        foreach (var (type, (count, bytes)) in after)
        {
            var (oldCount, oldBytes) = before.GetValueOrDefault(type);
            growth[type] = ((count - oldCount) / (double)sessions, (bytes - oldBytes) / (double)sessions);
        }

        foreach (var (type, (count, bytes)) in before)
        {
            if (!after.ContainsKey(type))
            {
                growth[type] = (-count / (double)sessions, -bytes / (double)sessions);
            }
        }

        return growth;
    }

    /// <summary>
    /// Per-session growth of <paramref name="figure"/> minus that of <paramref name="baseline"/>,
    /// type by type: what the figure holds per session beyond its baseline.
    /// </summary>
    /// <remarks>
    /// grpc-dotnet's generic call machinery is instantiated over the service and
    /// its message types (<c>ServerStreamingServerCallHandler&lt;SessionGrpcService,
    /// WatchSessionRequest, WatchSessionResponse&gt;</c> against
    /// <c>...&lt;BenchBaselineService, IdleRequest, IdleResponse&gt;</c>): those
    /// generic arguments are replaced by placeholders before subtracting, so the same
    /// grpc-dotnet object on both sides cancels and is counted as grpc-dotnet's. The
    /// handlers' own state machines (<c>SessionGrpcService+&lt;WatchSession&gt;d__N</c>,
    /// a nested type, not a generic argument) keep their names.
    /// </remarks>
    public static Dictionary<string, (double Count, double Bytes)> Minus(Dictionary<string, (double Count, double Bytes)> figure, Dictionary<string, (double Count, double Bytes)> baseline)
    {
        var normalizedFigure = Normalize(figure);
        var normalizedBaseline = Normalize(baseline);
        var difference = new Dictionary<string, (double Count, double Bytes)>(StringComparer.Ordinal);
        foreach (var type in normalizedFigure.Keys.Union(normalizedBaseline.Keys))
        {
            var (count, bytes) = normalizedFigure.GetValueOrDefault(type);
            var (baseCount, baseBytes) = normalizedBaseline.GetValueOrDefault(type);
            difference[type] = (count - baseCount, bytes - baseBytes);
        }

        return difference;
    }

    private static Dictionary<string, (double Count, double Bytes)> Normalize(Dictionary<string, (double Count, double Bytes)> growth)
    {
        var normalized = new Dictionary<string, (double Count, double Bytes)>(StringComparer.Ordinal);
        foreach (var (type, (count, bytes)) in growth)
        {
            var name = GenericService().Replace(type, "TService");
            name = GenericRequest().Replace(name, "TRequest");
            name = GenericResponse().Replace(name, "TResponse");
            var (oldCount, oldBytes) = normalized.GetValueOrDefault(name);
            normalized[name] = (oldCount + count, oldBytes + bytes);
        }

        return normalized;
    }

    // A service or message type as a generic argument: followed by ',' or '>' (or ", assembly" in CLR names), never by '+' (a nested state machine).
    [System.Text.RegularExpressions.GeneratedRegex(@"(?:Tessera\.Server\.Hosting\.SessionGrpcService|Tessera\.Bench\.Server\.BenchBaselineService)(?=[,>\]])")]
    private static partial System.Text.RegularExpressions.Regex GenericService();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:Tessera\.Protocol\.V1\.WatchSessionRequest|Tessera\.Bench\.Baseline\.V1\.IdleRequest)(?=[,>\]])")]
    private static partial System.Text.RegularExpressions.Regex GenericRequest();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?:Tessera\.Protocol\.V1\.WatchSessionResponse|Tessera\.Bench\.Baseline\.V1\.IdleResponse)(?=[,>\]])")]
    private static partial System.Text.RegularExpressions.Regex GenericResponse();

    /// <summary>Total and by owner, then the <paramref name="top"/> largest types (by absolute bytes) of a per-session growth.</summary>
    public static IReadOnlyList<string> Describe(Dictionary<string, (double Count, double Bytes)> growth, int top, string per)
    {
        var total = growth.Values.Sum(g => g.Bytes);
        var groups = growth
            .GroupBy(g => Owner(g.Key))
            .Select(g => (Owner: g.Key, Bytes: g.Sum(x => x.Value.Bytes)))
            .Where(g => Math.Abs(g.Bytes) >= 1)
            .OrderByDescending(g => g.Bytes)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Owner} {g.Bytes:0} B"));
        var lines = growth
            .Where(g => Math.Abs(g.Value.Bytes) >= 1)
            .OrderByDescending(g => Math.Abs(g.Value.Bytes))
            .Take(top)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"`{Shorten(g.Key)}` {g.Value.Bytes:0} B ({g.Value.Count:0.##} {per})"))
            .ToList();
        lines.Insert(0, string.Create(CultureInfo.InvariantCulture, $"all types {total:0} B {per}, by owner: {string.Join(", ", groups)}; largest types"));
        return lines;
    }

    /// <summary>
    /// Who allocates a type: a type that names a Tessera type anywhere (an async
    /// state machine of a Tessera method, a Tessera generic argument) is Tessera's
    /// (the bench's own baseline service and instrumentation are counted apart);
    /// one that names grpc-dotnet or protobuf is the gRPC library's; one that
    /// names ASP.NET Core is the web stack's (Kestrel, hosting, routing);
    /// strings and byte arrays cannot be told apart by type; the rest is the
    /// runtime library (tasks, cancellation, channels, pipes).
    /// </summary>
    private static string Owner(string type) =>
        type.Contains("Tessera.Bench.", StringComparison.Ordinal) ? "bench (baseline service, instrumentation)"
        : type.Contains("Tessera.", StringComparison.Ordinal) ? "Tessera"
        : type.Contains("Grpc.", StringComparison.Ordinal) || type.Contains("Google.Protobuf", StringComparison.Ordinal) ? "grpc-dotnet and protobuf"
        : type.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) || type.Contains("Microsoft.Extensions", StringComparison.Ordinal) ? "ASP.NET Core/Kestrel"
        : type is "System.String" or "System.Byte[]" or "System.Char[]" ? "strings and byte arrays"
        : "runtime library (System.*)";

    // Generic arguments make type names long; the namespaces add nothing to the table.
    private static string Shorten(string type) =>
        System.Text.RegularExpressions.Regex.Replace(type, @"\b(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?=[A-Za-z_][A-Za-z0-9_`]*)", string.Empty);
}
