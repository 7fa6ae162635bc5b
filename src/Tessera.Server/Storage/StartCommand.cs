namespace Tessera.Server.Storage;

/// <summary>
/// A start that passed every check not needing the store: the new session's
/// fields. The store decides only the single-session rule (ONE-1 to ONE-4).
/// </summary>
/// <param name="SessionId">A fresh id (SES-2); the store refuses to overwrite an existing one.</param>
/// <param name="Roles">Normalized: sorted ordinal, distinct (SES-7).</param>
/// <param name="Now">The server's clock for the start: StartedAt and the event times.</param>
internal sealed record StartCommand(
    string SessionId,
    string ClientInstanceId,
    string Issuer,
    string UserId,
    bool Guest,
    string[] Roles,
    DateTimeOffset ExpiresAt,
    DateTimeOffset Now);
