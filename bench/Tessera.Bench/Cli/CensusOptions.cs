namespace Tessera.Bench.Cli;

/// <summary><c>census</c>'s command line. <see cref="Pid"/> 0: not given.</summary>
internal sealed record CensusOptions(int Pid, string? Save, string? Diff, int Per, int Top);
