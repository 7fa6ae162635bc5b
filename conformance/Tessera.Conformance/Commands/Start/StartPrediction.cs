using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (b) of <see cref="StartCommand"/>: the answer the model predicts for a
/// start request, every failing check in ERR-4 order, each naming the
/// requirement that demands it (SES-3, SES-4, SES-5, the TOK rules, ONE-1 to ONE-3).
/// </summary>
internal sealed record StartPrediction
{
    public required Expectation Expected { get; init; }

    /// <summary>The live session on the same issuer and instance, if any.</summary>
    public ModelSession? Live { get; init; }

    /// <summary>The live session a success replaces (ONE-3, REPLACE policy); null otherwise.</summary>
    public ModelSession? Replacing { get; init; }

    /// <summary>What an OK answer proves.</summary>
    public required IReadOnlyList<string> OkIds { get; init; }

    public static StartPrediction Predict(StartCommand command, StartRequest request, SequenceContext context)
    {
        var model = context.Model;
        var profile = context.Profile;
        var wire = request.Wire;
        var failures = new List<Rule>();
        if (command.Defect is StartDefect.EmptyInstance or StartDefect.UnprintableInstance or StartDefect.LongInstance)
        {
            failures.Add(new Rule(ErrorReasons.InvalidRequest, [Req.SES_4]));
        }

        if (command.Defect == StartDefect.NoCredential)
        {
            failures.Add(new Rule(ErrorReasons.InvalidRequest, [Req.SES_4]));
        }
        else if (command.Guest)
        {
            if (wire.Guest.UserId.Length == 0)
            {
                failures.Add(new Rule(ErrorReasons.InvalidRequest, [Req.SES_5, Req.SES_4]));
            }
        }
        else if (command.Defect == StartDefect.EmptyToken)
        {
            // SES-4 (draft 2): an empty token is a missing credential, fixed by
            // the client code; TOKEN_INVALID would send it to its token provider.
            failures.Add(new Rule(ErrorReasons.InvalidRequest, [Req.SES_4]));
        }

        if (!profile.ProtocolVersions.Contains(wire.ProtocolVersion)
            || (wire.SchemaHash.Length > 0 && wire.SchemaHash != profile.SchemaHash))
        {
            failures.Add(new Rule(ErrorReasons.SchemaMismatch, [Req.SES_3]));
        }

        if (request.Facts is { } facts)
        {
            failures.AddRange(model.CheckToken(facts));
        }

        if (command.Guest && command.Defect != StartDefect.NoCredential && !profile.GuestSessionsEnabled)
        {
            failures.Add(new Rule(ErrorReasons.GuestDisabled, [Req.SES_5]));
        }

        var identity = request.Identity;
        var live = identity is null ? null : model.LiveSessionOn(identity.Issuer, request.InstanceId);
        ModelSession? replacing = null;
        if (live is not null && identity is not null)
        {
            if (live.Identity != identity)
            {
                failures.Add(new Rule(ErrorReasons.SessionAlreadyActive, [Req.ONE_2, Req.ONE_1]));
            }
            else if (profile.Policy == SingleSessionPolicy.Reject)
            {
                failures.Add(new Rule(ErrorReasons.SessionAlreadyActive, [Req.ONE_3, Req.ONE_1]));
            }
            else if (failures.Count == 0)
            {
                replacing = live;
            }
        }

        IReadOnlyList<string> okIds = replacing is not null ? [Req.ONE_3, Req.SES_1] : command.Guest ? [Req.SES_5, Req.SES_1] : [Req.SES_1];
        return new StartPrediction
        {
            Expected = Expectation.FromFailures(failures, okIds) with { ValidityIds = request.Facts?.ValidityIds ?? [] },
            Live = live,
            Replacing = replacing,
            OkIds = okIds,
        };
    }
}
