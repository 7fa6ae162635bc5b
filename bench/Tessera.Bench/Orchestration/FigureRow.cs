namespace Tessera.Bench.Orchestration;

/// <summary>
/// One line of the results table.
/// </summary>
/// <param name="Figure">What was measured.</param>
/// <param name="Baseline">What it is compared with, measured in the same run.</param>
/// <param name="Result">Median (min-max, n=rounds), and the absolute numbers behind it.</param>
/// <param name="Target">The target the figure is held to.</param>
/// <param name="Verdict">"met", "MISSED", "n/a (smoke)" or "not measured".</param>
internal sealed record FigureRow(string Figure, string Baseline, string Result, string Target, string Verdict);
