namespace Tessera.Conformance.Model;

/// <summary>
/// What the model knows about a token it asked to mint: its claims (null when
/// absent or not a well-typed value) and the defects deliberately put in it.
/// The model decides validity from these facts, the profile and its clock.
/// </summary>
internal sealed record TokenFacts
{
    public string? Issuer { get; init; }

    public string? Subject { get; init; }

    /// <summary>The roles as written in the token: order and repeats included.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }

    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The aud claim's values; null when there is no aud claim.</summary>
    public IReadOnlyList<string>? Audiences { get; init; }

    /// <summary>Deliberate TOKEN_INVALID defects (alg none, bad signature, malformed...), each with its ids.</summary>
    public IReadOnlyList<Rule> Defects { get; init; } = [];

    /// <summary>Ids a valid token of this shape exercises (a rejection names them): exact-size token TOK-2, aud array TOK-7...</summary>
    public IReadOnlyList<string> ValidityIds { get; init; } = [];

    /// <summary>Short description for reports: "token(alice, roles=[b,a], exp=now+90s)".</summary>
    public string Description { get; init; } = "token";

    /// <summary>The role set: distinct, sorted by UTF-8 bytes (TOK-9, SES-7).</summary>
    public IReadOnlyList<string> RoleSet() => Tokens.Utf8Ordinal.SortedSet(Roles);
}
