using System.Text;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// The results as a Markdown table plus the method notes. Written into
/// docs/benchmarks.md between two marker comments, so the hand-written
/// analysis around them survives a re-run.
/// </summary>
internal static class MarkdownReport
{
    public const string BeginMarker = "<!-- bench/run.sh: generated results begin -->";
    public const string EndMarker = "<!-- bench/run.sh: generated results end -->";

    public static string Render(IReadOnlyList<SectionResult> sections, BenchContext context, DateTimeOffset started, TimeSpan elapsed, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        text.AppendLine(BeginMarker);
        text.AppendLine($"Run of {started:yyyy-MM-dd HH:mm} UTC ({(context.Smoke ? "smoke: tiny counts, no verdicts" : $"{context.Rounds} rounds")}, {elapsed.TotalMinutes:0.0} min). Each result is a median with its range over repeats (min-max, n = repeats); every ratio is taken between a figure and its baseline measured together in the same repeat (see Method).");
        text.AppendLine();
        text.AppendLine("| figure | baseline in the same run | result | target | verdict |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var section in sections)
        {
            foreach (var row in section.Rows)
            {
                text.AppendLine($"| {Cell(row.Figure)} | {Cell(row.Baseline)} | {Cell(row.Result)} | {Cell(row.Target)} | {Cell(row.Verdict)} |");
            }
        }

        text.AppendLine();
        text.AppendLine("Machine:");
        text.AppendLine();
        foreach (var line in MachineInfo.Describe())
        {
            text.AppendLine($"- {line}");
        }

        text.AppendLine($"- Load average (1/5/15 min, runnable/total, last pid) before: `{loadBefore}`, after: `{loadAfter}`. The machine is shared; other jobs ran during the measurement, which is why every figure is a same-run ratio.");
        text.AppendLine();
        text.AppendLine("Method:");
        foreach (var section in sections)
        {
            if (section.Method.Count == 0)
            {
                continue;
            }

            text.AppendLine();
            text.AppendLine($"*{section.Title}*");
            text.AppendLine();
            foreach (var line in section.Method)
            {
                text.AppendLine($"- {line}");
            }
        }

        text.AppendLine(EndMarker);
        return text.ToString();
    }

    /// <summary>Replaces the generated block of <paramref name="path"/> (or creates the file with just the block).</summary>
    public static void WriteInto(string path, string block)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var begin = existing.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = existing.IndexOf(EndMarker, StringComparison.Ordinal);
        string updated;
        if (begin >= 0 && end > begin)
        {
            var after = end + EndMarker.Length;
            // The block ends with a newline; drop the one that followed the old end marker.
            if (after < existing.Length && existing[after] == '\n')
            {
                after++;
            }

            updated = existing[..begin] + block + existing[after..];
        }
        else
        {
            updated = "# Benchmarks\n\n" + block + (existing.Length > 0 ? "\n" + existing : string.Empty);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, updated);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
