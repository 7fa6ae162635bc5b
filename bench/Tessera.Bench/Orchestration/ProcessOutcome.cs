namespace Tessera.Bench.Orchestration;

/// <summary>A finished command: exit code, output and wall time.</summary>
internal sealed record ProcessOutcome(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed);
