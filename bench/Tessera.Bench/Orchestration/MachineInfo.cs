using System.Runtime.InteropServices;

namespace Tessera.Bench.Orchestration;

/// <summary>The machine a run measured, as the report prints it.</summary>
internal static class MachineInfo
{
    public static IReadOnlyList<string> Describe()
    {
        var lines = new List<string>
        {
            $"CPU: {CpuModel()}, {Environment.ProcessorCount} cores online",
            $"Memory: {MemTotal()}",
            $"OS: {OsName()}, kernel {ReadFirstLine("/proc/sys/kernel/osrelease") ?? RuntimeInformation.OSDescription}",
            $".NET: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})",
        };
        return lines;
    }

    /// <summary>/proc/loadavg: how busy the shared machine was (other jobs count too).</summary>
    public static string LoadAverage() => ReadFirstLine("/proc/loadavg") ?? "unknown";

    public static string? ReadFirstLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadLines(path).FirstOrDefault()?.Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string CpuModel()
    {
        if (File.Exists("/proc/cpuinfo"))
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string MemTotal()
    {
        if (File.Exists("/proc/meminfo"))
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    return $"{kb / 1024.0 / 1024.0:0.0} GiB";
                }
            }
        }

        return "unknown";
    }

    private static string OsName()
    {
        if (File.Exists("/etc/os-release"))
        {
            foreach (var line in File.ReadLines("/etc/os-release"))
            {
                if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                {
                    return line["PRETTY_NAME=".Length..].Trim('"');
                }
            }
        }

        return RuntimeInformation.OSDescription;
    }
}
