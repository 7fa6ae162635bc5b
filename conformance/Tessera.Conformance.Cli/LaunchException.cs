namespace Tessera.Conformance.Cli;

/// <summary>The --server-command target could not be started or never got healthy: exit code 2, with its last output.</summary>
internal sealed class LaunchException(string message) : Exception(message);
