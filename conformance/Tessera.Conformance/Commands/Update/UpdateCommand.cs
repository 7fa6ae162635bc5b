using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// UpdateSessionToken on a session reference with a token built relative to
/// that session: same or other identity, same or other roles, later, equal or
/// earlier exp, and any token flavor (UPD-1 to UPD-6).
/// </summary>
/// <remarks>
/// Built with named properties: <c>new UpdateCommand()</c> is the ordinary
/// update of the newest session (same identity and roles, a later exp, a valid
/// token), and a call site names only what differs.
/// <para>
/// Its jobs, one file each in this folder (conformance/docs/design.md):
/// <see cref="UpdateRequest"/> (a, the wire request), <see cref="UpdatePrediction"/> (b, the answer the model
/// predicts), <see cref="UpdateJudgement"/> (c, what an answer breaks beyond its status),
/// <see cref="UpdateModelUpdate"/> (d); its shrinking (e) is <see cref="Simplify"/> here, next
/// to the choices it simplifies.
/// </para>
/// </remarks>
internal sealed record UpdateCommand : Command
{
    /// <summary>The session reference (<see cref="SequenceContext.ResolveSession"/>); 0, the newest, by default.</summary>
    public int Session { get; init; }

    /// <summary>Whose token it is, relative to the session (UPD-2); the same identity by default.</summary>
    public IdentityChoice Identity { get; init; } = IdentityChoice.Same;

    /// <summary>Which roles it carries, relative to the session (UPD-3); the same set by default.</summary>
    public RolesChoice Roles { get; init; } = RolesChoice.Same;

    /// <summary>Its exp relative to the session's expires_at (UPD-4); later by default.</summary>
    public ExpChoice Exp { get; init; } = ExpChoice.Later;

    /// <summary>How much later, for <see cref="ExpChoice.Later"/>, in quarter units; 4 by default.</summary>
    public int ExpSteps { get; init; } = 4;

    /// <summary>What is wrong with the token, if anything; <see cref="TokenFlavor.Valid"/> by default.</summary>
    public TokenFlavor Flavor { get; init; } = TokenFlavor.Valid;

    /// <summary>Which of the flavor's variants (and, for <see cref="RolesChoice.Different"/>, more or fewer roles); 0 by default.</summary>
    public int Variant { get; init; }

    /// <summary>The token set to "" (SES-4); false by default.</summary>
    public bool EmptyToken { get; init; }

    /// <summary>A token minted elsewhere to update with; null (the default) builds one from the choices.</summary>
    public PresetToken? Preset { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var request = UpdateRequest.Build(this, context);
        var expected = UpdatePrediction.Predict(this, request, context);
        step.Command = Describe(request, context.Now);

        var stateBefore = request.Session?.State;
        var answer = await context.Connection.UpdateSessionTokenAsync(request.Wire, context.Cancellation).ConfigureAwait(false);
        var matched = context.Judge(step, expected, answer);
        if (request.Session is null || matched is null)
        {
            return;
        }

        if (matched == "OK")
        {
            UpdateJudgement.JudgeAccepted(request, stateBefore!.Value, answer.Response?.Session, context, step);
        }
        else
        {
            await UpdateJudgement.JudgeRefusedAsync(matched, request, context, step).ConfigureAwait(false);
        }

        UpdateModelUpdate.Apply(matched, request, context);
    }

    private string Describe(UpdateRequest request, DateTimeOffset now)
    {
        var session = request.Session;
        var relation = (Identity, Roles, Exp) switch
        {
            (IdentityChoice.Same, RolesChoice.Same, ExpChoice.Later) => "",
            _ => $" [{(Identity == IdentityChoice.Same ? "" : Identity + " ")}{(Roles == RolesChoice.Same ? "" : Roles + " roles ")}{(Exp == ExpChoice.Later ? "" : Exp + " exp")}]".Replace(" ]", "]", StringComparison.Ordinal),
        };
        return $"update {request.Label}{(session is null ? "" : $" ({Format.State(session.State)}, expires_at={TokenFactory.Relative(session.ExpiresAt, now)})")} with {(EmptyToken ? "empty token" : request.Facts.Description)}{relation}";
    }

    public override IEnumerable<Command> Simplify()
    {
        if (EmptyToken)
        {
            yield return this with { EmptyToken = false };
        }

        if (Flavor != TokenFlavor.Valid)
        {
            yield return this with { Flavor = TokenFlavor.Valid };
        }

        if (Identity != IdentityChoice.Same)
        {
            yield return this with { Identity = IdentityChoice.Same };
        }

        if (Roles != RolesChoice.Same)
        {
            yield return this with { Roles = RolesChoice.Same };
        }

        if (Exp != ExpChoice.Later)
        {
            yield return this with { Exp = ExpChoice.Later };
        }

        if (Variant != 0)
        {
            yield return this with { Variant = 0 };
        }

        if (ExpSteps > 1)
        {
            yield return this with { ExpSteps = ExpSteps / 2 };
        }

        if (Session > 0)
        {
            yield return this with { Session = 0 };
        }
    }

    public override string ToString() => $"update(s{Session}, {Identity}, {Roles}, {Exp}, {Flavor})";
}
