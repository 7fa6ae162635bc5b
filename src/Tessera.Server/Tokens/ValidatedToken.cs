namespace Tessera.Server.Tokens;

/// <summary>
/// The claims of a token that passed every TOK-* check: what the session
/// registry needs and nothing more. Roles are already sorted (ordinal) and
/// distinct, so two tokens carry the same role set exactly when their
/// <see cref="Roles"/> sequences are equal (TOK-9, UPD-3).
/// </summary>
internal sealed record ValidatedToken(
    string Issuer,
    string Subject,
    IReadOnlyList<string> Roles,
    DateTimeOffset ExpiresAt,
    DateTimeOffset IssuedAt,
    DateTimeOffset? NotBefore);
