namespace Tessera.Conformance.Cli;

/// <summary>Bad command-line usage: printed as one line, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
