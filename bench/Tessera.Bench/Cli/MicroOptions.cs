namespace Tessera.Bench.Cli;

/// <summary><c>micro</c>'s command line.</summary>
internal sealed record MicroOptions(bool Smoke, int Rounds, string? Artifacts, bool Verbose);
