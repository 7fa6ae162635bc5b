using System.Text.Json;
using Tessera.Bench.Cli;

namespace Tessera.Bench.Memory;

/// <summary>
/// <c>census</c>: a profiling aid. <c>--save FILE</c> writes a heap census of
/// process <c>--pid</c> (objects by type); <c>--diff FILE --per N</c> prints how
/// each type grew since that census, per N units (requests, sessions). Run the
/// server's <c>memory</c> command first, so dead objects are collected.
/// </summary>
internal static class CensusCommand
{
    public static int Run(CensusOptions options)
    {
        var (pid, save, diff, per, top) = (options.Pid, options.Save, options.Diff, options.Per, options.Top);
        if (pid == 0 || (save is null) == (diff is null))
        {
            throw new UsageException("census needs --pid and exactly one of --save FILE, --diff FILE");
        }

        var census = HeapProfile.Census(pid, Path.Combine(Path.GetTempPath(), $"tessera-bench-census-{pid}.dmp"));
        var serializable = census.ToDictionary(p => p.Key, p => new[] { p.Value.Count, p.Value.Bytes });
        if (save is not null)
        {
            File.WriteAllText(save, JsonSerializer.Serialize(serializable));
            return 0;
        }

        var before = JsonSerializer.Deserialize<Dictionary<string, long[]>>(File.ReadAllText(diff!))!
            .ToDictionary(p => p.Key, p => (p.Value[0], p.Value[1]));
        foreach (var line in HeapProfile.Growth(before, census, Math.Max(per, 1), top))
        {
            Console.Out.WriteLine(line);
        }

        return 0;
    }
}
