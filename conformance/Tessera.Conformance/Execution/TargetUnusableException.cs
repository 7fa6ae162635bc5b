namespace Tessera.Conformance.Execution;

/// <summary>
/// The target cannot be judged at all (unreachable, not a Tessera server, no
/// key it trusts): the run stops with exit code 2 and this message.
/// </summary>
public sealed class TargetUnusableException(string message) : Exception(message);
