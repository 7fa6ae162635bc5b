namespace Tessera.Bench.Cli;

/// <summary><c>run</c>'s command line. Null <see cref="Rounds"/>: 7, or 1 with <see cref="Smoke"/>.</summary>
internal sealed record RunOptions(bool Smoke, int? Rounds, string? Only, string? Output, bool Verbose, string? Repository, double? TerminatedRetention, bool HeapProfile, string? Perf);
