using System.Collections.Immutable;
using System.Text.Json;

namespace Tessera.Tokens;

/// <summary>
/// What a token should say: the claim set, member by member, and any header
/// members that differ from the minter's defaults (<c>alg</c> and <c>kid</c>
/// of the key, <c>typ</c> = <c>JWT</c>). Immutable; every <c>With...</c>
/// returns a copy, so one base spec can seed many variants.
/// </summary>
/// <remarks>
/// Members keep their order. <c>With...</c> replaces the first member of that
/// name (or appends one); <c>WithDuplicate...</c> always appends, producing the
/// repeated member names that TOK-1 forbids.
/// </remarks>
public sealed record TokenSpec
{
    /// <summary>The payload members, in order. Empty by default.</summary>
    public ImmutableList<JsonMember> Claims { get; init; } = [];

    /// <summary>Header members added to, or replacing, the minter's defaults. Empty by default.</summary>
    public ImmutableList<JsonMember> Header { get; init; } = [];

    /// <summary>
    /// Header members written after all others, never replacing one: the
    /// repeated names of <see cref="WithDuplicateHeader"/>. Empty by default.
    /// </summary>
    public ImmutableList<JsonMember> AppendedHeader { get; init; } = [];

    /// <summary>Default header members (<c>alg</c>, <c>kid</c>, <c>typ</c>) to leave out. Empty by default.</summary>
    public ImmutableHashSet<string> OmittedHeader { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    /// <summary>
    /// A token that satisfies every TOK rule: <c>iss</c>, <c>sub</c>,
    /// <c>iat</c> = <paramref name="issuedAt"/>, <c>exp</c> = <paramref name="issuedAt"/> +
    /// <paramref name="lifetime"/>, and <c>roles</c> (always written, possibly empty).
    /// </summary>
    public static TokenSpec ForUser(string issuer, string subject, DateTimeOffset issuedAt, TimeSpan lifetime, params IEnumerable<string> roles) =>
        new TokenSpec()
            .WithClaim("iss", issuer)
            .WithClaim("sub", subject)
            .WithClaim("iat", issuedAt)
            .WithClaim("exp", issuedAt + lifetime)
            .WithClaim("roles", roles);

    /// <summary>Sets <c>iss</c>.</summary>
    public TokenSpec WithIssuer(string issuer) => WithClaim("iss", issuer);

    /// <summary>Sets <c>sub</c>.</summary>
    public TokenSpec WithSubject(string subject) => WithClaim("sub", subject);

    /// <summary>Sets <c>aud</c> to one string.</summary>
    public TokenSpec WithAudience(string audience) => WithClaim("aud", audience);

    /// <summary>Sets <c>aud</c> to an array of strings.</summary>
    public TokenSpec WithAudiences(params IEnumerable<string> audiences) => WithClaim("aud", audiences);

    /// <summary>Sets <c>roles</c>.</summary>
    public TokenSpec WithRoles(params IEnumerable<string> roles) => WithClaim("roles", roles);

    /// <summary>Sets <c>exp</c>.</summary>
    public TokenSpec WithExpiresAt(DateTimeOffset expiresAt) => WithClaim("exp", expiresAt);

    /// <summary>Sets <c>iat</c>.</summary>
    public TokenSpec WithIssuedAt(DateTimeOffset issuedAt) => WithClaim("iat", issuedAt);

    /// <summary>Sets <c>nbf</c>.</summary>
    public TokenSpec WithNotBefore(DateTimeOffset notBefore) => WithClaim("nbf", notBefore);

    /// <summary>Sets <c>token_type</c>.</summary>
    public TokenSpec WithTokenType(string tokenType) => WithClaim("token_type", tokenType);

    /// <summary>Sets a claim to a JSON string.</summary>
    public TokenSpec WithClaim(string name, string value) => WithRawClaim(name, JsonString(value));

    /// <summary>Sets a claim to a JSON integer.</summary>
    public TokenSpec WithClaim(string name, long value) => WithRawClaim(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Sets a claim to a NumericDate, exact to the tick.</summary>
    public TokenSpec WithClaim(string name, DateTimeOffset value) => WithRawClaim(name, NumericDate.ToJson(value));

    /// <summary>Sets a claim to an array of strings.</summary>
    public TokenSpec WithClaim(string name, IEnumerable<string> values) => WithRawClaim(name, JsonStringArray(values));

    /// <summary>Sets a claim to raw JSON text (or anything else: it is not checked).</summary>
    public TokenSpec WithRawClaim(string name, string rawJson) => this with { Claims = Replace(Claims, name, rawJson) };

    /// <summary>Appends a second member with the same name (TOK-1 forbids it).</summary>
    public TokenSpec WithDuplicateClaim(string name, string rawJson) => this with { Claims = Claims.Add(new JsonMember(name, rawJson)) };

    /// <summary>Removes every claim with this name.</summary>
    public TokenSpec WithoutClaim(string name) => this with { Claims = Claims.RemoveAll(member => member.Name == name) };

    /// <summary>Sets a header member to a JSON string, replacing the minter's default of that name.</summary>
    public TokenSpec WithHeader(string name, string value) => WithRawHeader(name, JsonString(value));

    /// <summary>Sets a header member to raw JSON text.</summary>
    public TokenSpec WithRawHeader(string name, string rawJson) =>
        this with { Header = Replace(Header, name, rawJson), OmittedHeader = OmittedHeader.Remove(name) };

    /// <summary>
    /// Appends another header member with this name after the minter's
    /// default or the spec's own, so the name appears twice (TOK-1 forbids it).
    /// </summary>
    public TokenSpec WithDuplicateHeader(string name, string rawJson) => this with { AppendedHeader = AppendedHeader.Add(new JsonMember(name, rawJson)) };

    /// <summary>Leaves a header member out, including the minter's default <c>alg</c>, <c>kid</c> or <c>typ</c>.</summary>
    public TokenSpec WithoutHeader(string name) =>
        this with
        {
            Header = Header.RemoveAll(member => member.Name == name),
            AppendedHeader = AppendedHeader.RemoveAll(member => member.Name == name),
            OmittedHeader = OmittedHeader.Add(name),
        };

    /// <summary>The raw JSON of the first claim with this name, or null.</summary>
    public string? FindClaim(string name)
    {
        foreach (var member in Claims)
        {
            if (member.Name == name)
            {
                return member.RawJson;
            }
        }

        return null;
    }

    /// <summary>The first claim with this name as an instant, or null when it is absent or not a JSON number.</summary>
    public DateTimeOffset? FindDate(string name) =>
        FindClaim(name) is { } raw && decimal.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond, 0))
            : null;

    /// <summary>A JSON string literal for <paramref name="value"/>.</summary>
    public static string JsonString(string value) => JsonSerializer.Serialize(value);

    /// <summary>A JSON array of string literals.</summary>
    public static string JsonStringArray(IEnumerable<string> values) => "[" + string.Join(",", values.Select(JsonString)) + "]";

    private static ImmutableList<JsonMember> Replace(ImmutableList<JsonMember> members, string name, string rawJson)
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i].Name == name)
            {
                return members.SetItem(i, new JsonMember(name, rawJson));
            }
        }

        return members.Add(new JsonMember(name, rawJson));
    }
}
