namespace Tessera.Bench.Orchestration;

/// <summary>The rows one group of figures adds to the table, and how they were measured (for the "Method" notes).</summary>
internal sealed record SectionResult(string Title, IReadOnlyList<FigureRow> Rows, IReadOnlyList<string> Method);
