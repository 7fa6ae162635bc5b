namespace Tessera.Tokens;

/// <summary>
/// What <see cref="TokenAttacks"/> needs to know about the server under test:
/// a key it trusts, its issuer, clock and limits (as GetServerInfo reports them).
/// </summary>
/// <param name="Key">A key the server trusts, announced by its <c>kid</c>; the kid cases need a kid.</param>
/// <param name="Issuer">An issuer the server accepts.</param>
/// <param name="Now">The server's clock (the test clock) when the tokens are presented.</param>
/// <param name="Leeway">The server's clock_skew_leeway.</param>
/// <param name="MaxTokenLifetime">The server's max_token_lifetime.</param>
/// <param name="MaxTokenBytes">The server's max_token_bytes; 8192 by default.</param>
public sealed record TokenAttackContext(
    MintingKey Key,
    string Issuer,
    DateTimeOffset Now,
    TimeSpan Leeway,
    TimeSpan MaxTokenLifetime,
    int MaxTokenBytes = 8192)
{
    /// <summary>The <c>sub</c> of every case; "tessera-user" by default.</summary>
    public string Subject { get; init; } = "tessera-user";

    /// <summary>The <c>roles</c> of every case; ["member"] by default.</summary>
    public IReadOnlyList<string> Roles { get; init; } = ["member"];

    /// <summary>The server's audience; null (the default) when it checks none.</summary>
    public string? Audience { get; init; }

    /// <summary>
    /// A public key the server trusts, for the key-confusion cases (TOK-3).
    /// Defaults to <see cref="Key"/> when that is a public key; without one
    /// those cases are left out.
    /// </summary>
    public MintingKey? PublicKey { get; init; }

    /// <summary>
    /// How far the time attacks that work on any clock keep from their
    /// boundary (<c>tok-12/expired-past-margin</c>): more than the suite and a
    /// real-clock server can disagree on "now". 3 s by default.
    /// </summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromSeconds(3);
}
