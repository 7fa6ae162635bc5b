using System.Globalization;
using System.Net;
using System.Text;

namespace Tessera.Conformance.Reporting;

/// <summary>
/// A counterexample drawn as an inline SVG sequence diagram: one lane for the
/// suite's calls, one for the server's answers, one for the clock moves and
/// one per watcher's events; each step is a band, the failing step is tinted
/// and shows what the model expected beside what the target answered, with
/// the broken requirement under it. Hand-written SVG: the report is one page
/// without scripts, and a diagram of text boxes and arrows needs no library.
/// </summary>
internal static class SequenceDiagram
{
    private const double CharWidth = 6.62; // 11px monospace (DejaVu Sans Mono is 0.602 em)
    private const int LineHeight = 16;
    private const int HeaderHeight = 34;
    private const int ArrowGap = 10;
    private const int Pad = 8;
    private const int TextInset = 14;
    private const int MaxLaneChars = 42;
    private const int MaxWrappedLines = 4;
    private const int MaxNoteChars = 150;
    private const int MinLaneWidth = 96;

    private enum Ink
    {
        Command,
        Answer,
        Expected,
        Actual,
    }

    private sealed record Cell(string Text, Ink Ink);

    private sealed record Lane(string Name, string Title, double X, double Width)
    {
        public double LifeX => X + 6;

        public double TextX => X + TextInset;
    }

    /// <summary>The diagram of one counterexample as an &lt;svg&gt; element; empty for an empty counterexample.</summary>
    public static string Render(IReadOnlyList<StepRecord> counterexample)
    {
        ArgumentNullException.ThrowIfNull(counterexample);
        if (counterexample.Count == 0)
        {
            return "";
        }

        var steps = counterexample.Select(Cells).ToList();
        var lanes = Layout(steps);
        var byName = lanes.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var width = Math.Max(lanes[^1].X + lanes[^1].Width, Pad + (MaxNoteLength(counterexample) * CharWidth) + Pad);

        var body = new StringBuilder();
        double y = HeaderHeight + Pad;
        for (var i = 0; i < counterexample.Count; i++)
        {
            y = AppendStep(body, counterexample[i], steps[i], byName, width, y);
        }

        var height = y + Pad;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" role=\"img\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" font-family=\"ui-monospace,DejaVu Sans Mono,monospace\" font-size=\"11\">");
        svg.Append("<title>Counterexample as a sequence diagram: client calls, server answers, clock moves and watcher events per step</title>");
        foreach (var lane in lanes)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"lane\" data-lane=\"{E(lane.Name)}\"><rect x=\"{N(lane.X + 2)}\" y=\"4\" width=\"{N(lane.Width - 4)}\" height=\"{HeaderHeight - 10}\" rx=\"4\" fill=\"#f1f5f9\" stroke=\"#94a3b8\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lane.X + 10)}\" y=\"20\" font-weight=\"bold\" fill=\"#0f172a\">{E(lane.Title)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(lane.LifeX)}\" y1=\"{HeaderHeight - 6}\" x2=\"{N(lane.LifeX)}\" y2=\"{N(height - 4)}\" stroke=\"#cbd5e1\" stroke-dasharray=\"4 3\"/></g>");
        }

        svg.Append(body).Append("</svg>");
        return svg.ToString();
    }

    private static double AppendStep(StringBuilder svg, StepRecord step, Dictionary<string, List<Cell>> cells, Dictionary<string, Lane> lanes, double width, double top)
    {
        var lines = cells.Values.Max(c => c.Sum(cell => Wrap(cell.Text).Count));
        var bandHeight = ArrowGap + (lines * LineHeight) + Pad;
        var failed = step.Findings.Count > 0;
        var must = step.Failed;
        var state = !failed ? "ok" : must ? "failed" : "warning";
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"step {state}\" data-step=\"{step.Index}\">");
        if (failed)
        {
            var notes = step.Findings.Count * LineHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"failing-step\" x=\"1\" y=\"{N(top - 2)}\" width=\"{N(width - 2)}\" height=\"{N(bandHeight + notes + Pad)}\" rx=\"4\" fill=\"{(must ? "#fef2f2" : "#fefce8")}\" stroke=\"{(must ? "#dc2626" : "#ca8a04")}\"/>");
        }

        var client = lanes[DiagramLanes.Client];
        var target = lanes[DiagramLanes.TargetOf(step.Command)];
        var arrowY = top + 5;
        // The head is drawn, not an SVG marker: a marker needs an id, and several diagrams on one page would repeat it.
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"call\" x1=\"{N(client.X + client.Width - 4)}\" y1=\"{N(arrowY)}\" x2=\"{N(target.LifeX)}\" y2=\"{N(arrowY)}\" stroke=\"#334155\" stroke-width=\"1.3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{N(target.LifeX - 7)},{N(arrowY - 3.5)}L{N(target.LifeX)},{N(arrowY)}L{N(target.LifeX - 7)},{N(arrowY + 3.5)}z\" fill=\"#334155\"/>");
        foreach (var (name, lane) in lanes)
        {
            var y = top + ArrowGap + 11;
            foreach (var cell in cells.GetValueOrDefault(name) ?? [])
            {
                if (name != DiagramLanes.Client && (cell.Ink == Ink.Actual || cell.Ink == Ink.Answer))
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(lane.LifeX)}\" cy=\"{N(y - 4)}\" r=\"3\" fill=\"{Colour(cell.Ink, must)}\"/>");
                }

                var x = lane.Name == DiagramLanes.Client ? lane.X + 6 : lane.TextX;
                var pieces = Wrap(cell.Text);
                for (var p = 0; p < pieces.Count; p++)
                {
                    // Continuation lines are indented; when the text was cut, the last piece carries the whole of it as a tooltip.
                    var cut = p == pieces.Count - 1 && pieces[p].EndsWith('\u2026') ? cell.Text : null;
                    AppendText(svg, x + (p == 0 ? 0 : 2 * CharWidth), y, pieces[p], cut, Colour(cell.Ink, must), p == 0 ? cell.Ink.ToString().ToLowerInvariant() : "more");
                    y += LineHeight;
                }
            }
        }

        var bottom = top + bandHeight;
        foreach (var finding in step.Findings)
        {
            var note = "\u2717 " + finding;
            var shown = note.Length > MaxNoteChars ? string.Concat(note.AsSpan(0, MaxNoteChars - 1), "\u2026") : note;
            AppendText(svg, Pad, bottom + 8, shown, shown == note ? null : note, must ? "#b91c1c" : "#a16207", "finding", bold: true);
            bottom += LineHeight;
        }

        svg.Append("</g>");
        return bottom + (failed ? Pad + 6 : 0) + 2;
    }

    /// <summary>The step's lines by lane: the call in the client lane; the answers (passing step) or expected and actual (failing step) in theirs.</summary>
    private static Dictionary<string, List<Cell>> Cells(StepRecord step)
    {
        var cells = new Dictionary<string, List<Cell>>(StringComparer.Ordinal)
        {
            [DiagramLanes.Client] = [new Cell($"{step.Index}. {step.Command}", Ink.Command)],
        };
        var failed = step.Findings.Count > 0;
        foreach (var line in step.Actual)
        {
            // In the failing step a lane whose answer matches the model's word for word shows it once;
            // the lanes that differ show expected above actual.
            if (!failed || Agrees(step, DiagramLanes.Of(line)))
            {
                Add(cells, line, "", Ink.Answer);
            }
        }

        if (failed)
        {
            foreach (var line in step.Expected.Where(l => !Agrees(step, DiagramLanes.Of(l))))
            {
                Add(cells, line, "expected: ", Ink.Expected);
            }

            foreach (var line in step.Actual.Where(l => !Agrees(step, DiagramLanes.Of(l))))
            {
                Add(cells, line, "actual:   ", Ink.Actual);
            }
        }

        return cells;
    }

    /// <summary>True when the model's lines and the target's in <paramref name="lane"/> are the same text.</summary>
    private static bool Agrees(StepRecord step, string lane) =>
        step.Expected.Where(l => DiagramLanes.Of(l) == lane).SequenceEqual(step.Actual.Where(l => DiagramLanes.Of(l) == lane), StringComparer.Ordinal);

    private static void Add(Dictionary<string, List<Cell>> cells, string line, string prefix, Ink ink)
    {
        var lane = DiagramLanes.Of(line);
        var text = DiagramLanes.IsWatcher(lane) ? line[lane.Length..].TrimStart() : line;
        if (ink == Ink.Answer && DiagramLanes.IsWatcher(lane) && text == "got nothing")
        {
            return; // a quiet watcher in a passing step is the normal case, not worth a line
        }

        if (!cells.TryGetValue(lane, out var list))
        {
            cells[lane] = list = [];
        }

        list.Add(new Cell(prefix + text, ink));
    }

    /// <summary>Lanes left to right (client, server, clock if used, watchers by number), each as wide as its longest line.</summary>
    private static List<Lane> Layout(List<Dictionary<string, List<Cell>>> steps)
    {
        var used = steps.SelectMany(s => s.Keys).ToHashSet(StringComparer.Ordinal);
        var names = new List<string> { DiagramLanes.Client, DiagramLanes.Server };
        if (used.Contains(DiagramLanes.Clock))
        {
            names.Add(DiagramLanes.Clock);
        }

        names.AddRange(used.Where(DiagramLanes.IsWatcher).OrderBy(w => int.Parse(w.AsSpan(1), CultureInfo.InvariantCulture)));
        var lanes = new List<Lane>();
        double x = 0;
        foreach (var name in names)
        {
            var title = name switch
            {
                DiagramLanes.Client => "client (suite calls)",
                DiagramLanes.Server => "server (answers)",
                DiagramLanes.Clock => "clock",
                _ => name + " (watch events)",
            };
            var chars = steps.SelectMany(s => s.GetValueOrDefault(name) ?? []).SelectMany(c => Wrap(c.Text)).Select(l => l.Length).DefaultIfEmpty(0).Max();
            chars = Math.Max(chars, title.Length);
            var laneWidth = Math.Max(MinLaneWidth, (chars * CharWidth) + TextInset + (name == DiagramLanes.Client ? 14 : 10));
            lanes.Add(new Lane(name, title, x, laneWidth));
            x += laneWidth;
        }

        return lanes;
    }

    private static int MaxNoteLength(IReadOnlyList<StepRecord> steps) =>
        steps.SelectMany(s => s.Findings).Select(f => Math.Min(f.ToString().Length + 2, MaxNoteChars)).DefaultIfEmpty(0).Max();

    /// <summary>One line of text; <paramref name="whole"/>, when the line was cut short, as its tooltip.</summary>
    private static void AppendText(StringBuilder svg, double x, double y, string text, string? whole, string fill, string kind, bool bold = false)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"{kind}\" x=\"{N(x)}\" y=\"{N(y)}\" fill=\"{fill}\"{(bold ? " font-weight=\"bold\"" : "")}>");
        if (whole is not null)
        {
            svg.Append("<title>").Append(E(whole)).Append("</title>");
        }

        svg.Append(E(text)).Append("</text>");
    }

    /// <summary>
    /// A line broken into pieces of at most <see cref="MaxLaneChars"/> (continuations two less, for
    /// their indent), at a space where there is one; past <see cref="MaxWrappedLines"/> pieces the rest is cut with an ellipsis.
    /// </summary>
    private static List<string> Wrap(string text)
    {
        var pieces = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > 0)
        {
            var max = pieces.Count == 0 ? MaxLaneChars : MaxLaneChars - 2;
            if (pieces.Count == MaxWrappedLines - 1 && rest.Length > max)
            {
                pieces.Add(string.Concat(rest[..(max - 1)], "\u2026"));
                break;
            }

            if (rest.Length <= max)
            {
                pieces.Add(rest.ToString());
                break;
            }

            var space = rest[..(max + 1)].LastIndexOf(' ');
            var take = space > max / 3 ? space : max;
            pieces.Add(rest[..take].TrimEnd().ToString());
            rest = rest[take..].TrimStart();
        }

        return pieces;
    }

    private static string Colour(Ink ink, bool must) => ink switch
    {
        Ink.Command => "#0f172a",
        Ink.Expected => "#15803d",
        Ink.Actual => must ? "#b91c1c" : "#a16207",
        _ => "#475569",
    };

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
