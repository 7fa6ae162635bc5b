namespace Tessera.Conformance.Tokens;

/// <summary>The claims a generated token starts from, before its flavor changes one thing.</summary>
internal sealed record BaseClaims(string Issuer, string Subject, IReadOnlyList<string> Roles, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
