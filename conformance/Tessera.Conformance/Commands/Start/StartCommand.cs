using Tessera.Conformance.Target;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// StartSession on client instance <see cref="Instance"/> with a token (of
/// some flavor) or a guest credential. Checks SES-1 to SES-5, the TOK rules
/// through the token, ONE-1 to ONE-3, and ERR-6 after a refusal.
/// </summary>
/// <remarks>
/// Built with named properties: <c>new StartCommand()</c> is the ordinary
/// start (instance 0, user 0, no roles, a valid token of four units), and a
/// call site names only what differs.
/// <para>
/// Its jobs, one file each in this folder (conformance/docs/design.md):
/// <see cref="StartRequest"/> (a, the wire request), <see cref="StartPrediction"/> (b, the answer the model
/// predicts), <see cref="StartJudgement"/> (c, what an answer breaks beyond its status),
/// <see cref="StartModelUpdate"/> (d); its shrinking (e) is <see cref="Simplify"/> here, next
/// to the choices it simplifies.
/// </para>
/// </remarks>
internal sealed record StartCommand : Command
{
    /// <summary>The client instance, by index (<see cref="SequenceContext.InstanceId"/>); 0 by default.</summary>
    public int Instance { get; init; }

    /// <summary>A guest credential instead of a token (SES-5); false by default.</summary>
    public bool Guest { get; init; }

    /// <summary>The user, by index (<see cref="SequenceContext.UserId"/>); 0 by default.</summary>
    public int User { get; init; }

    /// <summary>The token's roles, by index into the role pool; none by default.</summary>
    public int[] Roles { get; init; } = [];

    /// <summary>The token's lifetime in units (<see cref="SequenceContext.Lifetime"/>); 4 by default.</summary>
    public int LifetimeSteps { get; init; } = 4;

    /// <summary>A sub-second part of the lifetime, in 1/128 s; 0 by default.</summary>
    public int Fraction { get; init; }

    /// <summary>What is wrong with the token, if anything; <see cref="TokenFlavor.Valid"/> by default.</summary>
    public TokenFlavor Flavor { get; init; } = TokenFlavor.Valid;

    /// <summary>Which of the flavor's variants; 0 by default.</summary>
    public int Variant { get; init; }

    /// <summary>The issuer, by index into the target's issuers (<see cref="SequenceContext.Issuer"/>); 0 (the configured one) by default.</summary>
    public int IssuerIndex { get; init; }

    /// <summary>What is wrong with the request apart from its token; <see cref="StartDefect.None"/> by default.</summary>
    public StartDefect Defect { get; init; } = StartDefect.None;

    /// <summary>A token minted elsewhere to start with instead of one of <see cref="Flavor"/>; null by default.</summary>
    public PresetToken? Preset { get; init; }

    /// <summary>A client instance id to use instead of instance <see cref="Instance"/>; null by default.</summary>
    public string? InstanceOverride { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var request = StartRequest.Build(this, context);
        var prediction = StartPrediction.Predict(this, request, context);
        step.Command = Describe(request, prediction);

        var answer = await context.Connection.StartSessionAsync(request.Wire, context.Cancellation).ConfigureAwait(false);
        var matched = context.Judge(step, prediction.Expected, answer);
        if (matched == "OK" && request.Identity is not null)
        {
            var session = answer.Response?.Session;
            StartJudgement.JudgeAccepted(this, request, prediction, session, context, step);
            StartModelUpdate.Apply(this, request, prediction, session, context, step);
        }
        else if (matched is not null && matched != "OK" && prediction.Live is { } live)
        {
            await StartJudgement.JudgeRefusedAsync(matched, request, live, context, step).ConfigureAwait(false);
        }
    }

    private string Describe(StartRequest request, StartPrediction prediction)
    {
        var label = Defect switch
        {
            StartDefect.None => "",
            StartDefect.MatchingSchemaHash => " schema_hash=server's",
            _ => " [" + Defect + "]",
        };
        return $"start {(InstanceOverride is null ? "i" + Instance : request.InstanceId)} {request.Credential}{label}" + (prediction.Live is { } live ? $" (live: {live.Name})" : "");
    }

    public override IEnumerable<Command> Simplify()
    {
        if (Defect != StartDefect.None)
        {
            yield return this with { Defect = StartDefect.None };
        }

        if (Flavor != TokenFlavor.Valid)
        {
            yield return this with { Flavor = TokenFlavor.Valid };
        }

        if (Guest)
        {
            yield return this with { Guest = false };
        }

        if (Roles.Length > 0)
        {
            yield return this with { Roles = [] };
            if (Roles.Length > 1)
            {
                yield return this with { Roles = Roles[..^1] };
            }
        }

        if (Variant != 0)
        {
            yield return this with { Variant = 0 };
        }

        if (Fraction != 0)
        {
            yield return this with { Fraction = 0 };
        }

        if (LifetimeSteps > 1)
        {
            yield return this with { LifetimeSteps = LifetimeSteps / 2 };
        }

        if (Instance != 0)
        {
            yield return this with { Instance = 0 };
        }

        if (User != 0)
        {
            yield return this with { User = 0 };
        }

        if (IssuerIndex != 0)
        {
            yield return this with { IssuerIndex = 0 };
        }
    }

    public override string ToString() =>
        $"start(i{Instance}, {(Guest ? "guest" : Flavor.ToString())}, u{User}, roles={string.Join(",", Roles)}, life={LifetimeSteps}, {Defect})";
}
