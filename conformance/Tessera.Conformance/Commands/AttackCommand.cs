using Tessera.Conformance.Execution;
using Tessera.Conformance.Tokens;
using Tessera.Tokens;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Presents one token of Tessera.Tokens' catalog (<see cref="TokenAttacks"/>):
/// to StartSession on a fresh instance, or, with <see cref="Update"/>, to
/// UpdateSessionToken on a fresh session of the catalog's user (then UPD-1: a
/// refused token leaves the session unchanged). An attack that does not apply
/// to the target sends nothing and is reported as skipped, with the reason.
/// </summary>
internal sealed record AttackCommand : Command
{
    /// <summary>The catalog's attack name.</summary>
    public required string CaseName { get; init; }

    /// <summary>Present the token to UpdateSessionToken instead of StartSession; false by default.</summary>
    public bool Update { get; init; }

    /// <summary>The user and roles the catalog mints for (its defaults).</summary>
    private const string Subject = "tessera-user";

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var (tokenCase, whyNot) = Mint(context);
        if (tokenCase is null)
        {
            step.Command = $"{CaseName} on {(Update ? "update" : "start")}: skipped, {whyNot}";
            step.Skipped = new SkippedCheck(CaseName, whyNot!);
            return;
        }

        var preset = new PresetToken(tokenCase.Token, TokenFactory.FactsOf(tokenCase));
        var instance = context.Nonce + "-a" + step.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!Update)
        {
            await new StartCommand { Preset = preset, InstanceOverride = instance }.ExecuteAsync(context, step).ConfigureAwait(false);
            step.Command = $"start with {CaseName} ({(tokenCase.ExpectAccepted ? "acceptable" : tokenCase.ExpectedReason)})";
            return;
        }

        // A session every acceptable attack token can update: same user and
        // roles, and an exp earlier than the catalog's baseline.
        var now = context.Now;
        var lifetime = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(10).Ticks, context.Profile.MaxTokenLifetime.Ticks / 2));
        var (token, facts) = context.Tokens.Make(TokenFlavor.Valid, 0, new BaseClaims(context.Run.Issuer, Subject, ["member"], now, now + lifetime), now);
        await new StartCommand { Preset = new PresetToken(token, facts), InstanceOverride = instance }.ExecuteAsync(context, step).ConfigureAwait(false);
        if (step.Failed)
        {
            return;
        }

        await new UpdateCommand { Preset = preset }.ExecuteAsync(context, step).ConfigureAwait(false);
        step.Command = $"start {context.Model.Sessions[^1].Name} for {Subject}; update it with {CaseName} ({(tokenCase.ExpectAccepted ? "acceptable" : tokenCase.ExpectedReason)})";
    }

    /// <summary>The attack's token for this target now, or why it cannot show anything here.</summary>
    private (TokenCase? Case, string? WhyNot) Mint(SequenceContext context)
    {
        var attack = TokenAttacks.Named(CaseName);
        if (attack.NeedsExactClock && !context.Settings.ExactClock)
        {
            return (null, "it sits within a tick of a time boundary, exact only with the test clock");
        }

        TokenCase tokenCase;
        try
        {
            tokenCase = attack.Mint(SequenceContext.AttackContext(context.Run, context.Now));
        }
        catch (TokenAttackNotApplicableException e)
        {
            return (null, e.Reason);
        }

        var size = System.Text.Encoding.UTF8.GetByteCount(tokenCase.Token);
        if (tokenCase.ExpectedReason != TokenCase.Invalid && size > context.Profile.MaxTokenBytes)
        {
            // TOK-2 lets the target refuse it for its size alone, before the
            // rule it is about is reached. (One meant TOKEN_INVALID stays: its
            // size gives the same answer.)
            return (null, $"it needs {size} bytes and the target declares max_token_bytes = {context.Profile.MaxTokenBytes}");
        }

        if (!context.Settings.ExactClock && NearBoundary(TokenFactory.FactsOf(tokenCase), context))
        {
            return (null, "with this target's leeway it sits within the real clock's margin of a time boundary, exact only with the test clock");
        }

        return (tokenCase, null);
    }

    /// <summary>With the real clock, a token whose validity flips within the margin of "now" cannot be judged.</summary>
    private static bool NearBoundary(Model.TokenFacts facts, SequenceContext context)
    {
        var now = context.Now;
        var leeway = context.Profile.Leeway;
        // Target and suite share a clock source but not an instant: a call takes
        // milliseconds, and the offset estimate is only as good as a round trip.
        var margin = context.Settings.Slack;
        bool Near(DateTimeOffset? instant) => instant is { } t && (t - now).Duration() < margin;
        return Near(facts.ExpiresAt + leeway) || Near(facts.NotBefore - leeway) || Near(facts.IssuedAt - leeway);
    }

    public override string ToString() => $"attack({CaseName}, {(Update ? "update" : "start")})";
}
