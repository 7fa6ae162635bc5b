namespace Tessera.Tokens;

/// <summary>
/// One entry of the <see cref="TokenAttacks"/> catalog: a token that breaks
/// (or sits exactly on) one rule, the answer a conforming server gives it, and
/// how to mint it from any good claim set, so the same attack serves a fixed
/// list (<see cref="TokenAttacks.Build"/>) and a generated sequence whose
/// claims vary.
/// </summary>
public sealed record TokenAttack
{
    private readonly Func<TokenAttackContext, TokenSpec, string> _mint;

    internal TokenAttack(string name, string requirement, string? expectedReason, Func<TokenAttackContext, TokenSpec, string> mint)
    {
        Name = name;
        Requirement = requirement;
        ExpectedReason = expectedReason;
        _mint = mint;
    }

    /// <summary>A path-like name, stable across runs and targets: <c>tok-4/path-kid</c>.</summary>
    public string Name { get; }

    /// <summary>The SPEC.md id the attack checks: <c>TOK-4</c>.</summary>
    public string Requirement { get; }

    /// <summary>The ErrorInfo reason a conforming server answers, or null when it must accept the token.</summary>
    public string? ExpectedReason { get; }

    /// <summary>True when a conforming server must accept the token.</summary>
    public bool ExpectAccepted => ExpectedReason is null;

    /// <summary>
    /// True when the token sits within a tick of a time boundary (TOK-12,
    /// TOK-13): its answer is exact only when the suite sets the server's clock
    /// (the test clock). False when any clock gives the same answer.
    /// </summary>
    public bool NeedsExactClock { get; internal init; }

    /// <summary>Why the attack cannot be made against a target (no kid, no public key...); null when it can.</summary>
    internal Func<TokenAttackContext, string?> Requires { get; init; } = static _ => null;

    /// <summary>Why this attack does not apply to the target <paramref name="context"/> describes, or null when it does.</summary>
    public string? WhyNotApplicable(TokenAttackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Requires(context);
    }

    /// <summary>The attack on the baseline claims of <paramref name="context"/> (<see cref="TokenAttacks.BaseSpec"/>).</summary>
    /// <exception cref="TokenAttackNotApplicableException">The attack does not apply to this target, or its token cannot be made within the target's size limit.</exception>
    public TokenCase Mint(TokenAttackContext context) => Mint(context, TokenAttacks.BaseSpec(context));

    /// <summary>
    /// The attack on <paramref name="good"/>, a claim set the target accepts
    /// (its <c>iat</c> and <c>exp</c> give the lifetime the time attacks keep).
    /// </summary>
    /// <exception cref="TokenAttackNotApplicableException">The attack does not apply to this target, or its token cannot be made within the target's size limit.</exception>
    public TokenCase Mint(TokenAttackContext context, TokenSpec good)
    {
        ArgumentNullException.ThrowIfNull(good);
        if (WhyNotApplicable(context) is { } why)
        {
            throw new TokenAttackNotApplicableException(Name, why);
        }

        return new TokenCase(Name, Requirement, _mint(context, good), ExpectedReason) { NeedsExactClock = NeedsExactClock };
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
