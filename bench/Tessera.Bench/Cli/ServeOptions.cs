namespace Tessera.Bench.Cli;

/// <summary><c>serve</c>'s command line.</summary>
internal sealed record ServeOptions(bool NoStatusCounting, double? TerminatedRetention);
