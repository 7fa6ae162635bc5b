namespace Tessera.Tokens;

/// <summary>
/// A <see cref="TokenAttack"/> cannot be made against this target: it needs
/// something the target lacks (a kid, a public key, an audience), or its token
/// cannot be made within the target's <c>max_token_bytes</c>. Such an attack
/// proves nothing either way: a runner reports it as skipped, with
/// <see cref="Reason"/>.
/// </summary>
public sealed class TokenAttackNotApplicableException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="attack"/>.</summary>
    /// <param name="attack">The attack's name.</param>
    /// <param name="reason">Why it does not apply: "the target's key has no kid".</param>
    public TokenAttackNotApplicableException(string attack, string reason)
        : base($"{attack}: {reason}")
    {
        Attack = attack;
        Reason = reason;
    }

    /// <summary>The attack's name.</summary>
    public string Attack { get; }

    /// <summary>Why it does not apply.</summary>
    public string Reason { get; }
}
