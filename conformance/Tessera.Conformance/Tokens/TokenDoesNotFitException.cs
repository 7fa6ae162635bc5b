namespace Tessera.Conformance.Tokens;

/// <summary>
/// A token a command needs cannot be made within the target's declared
/// <c>max_token_bytes</c> (TOK-2 allows any limit up to 8192). The command
/// proves nothing either way, so its sequence is skipped with this reason:
/// neither a pass nor a failure, and never a crash.
/// </summary>
internal sealed class TokenDoesNotFitException(string message) : Exception(message);
