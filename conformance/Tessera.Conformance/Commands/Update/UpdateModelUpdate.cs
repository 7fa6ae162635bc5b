using Tessera.Conformance.Execution;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>Job (d) of <see cref="UpdateCommand"/>: how an answered update moves the model.</summary>
internal static class UpdateModelUpdate
{
    public static void Apply(string matched, UpdateRequest request, SequenceContext context)
    {
        var session = request.Session!;
        switch (matched)
        {
            case "OK":
                context.Model.ApplyUpdate(session, request.Facts.RoleSet(), request.Facts.ExpiresAt ?? context.Now);
                break;
            case ErrorReasons.IdentityMismatch:
                // The refusal is only half the rule: the session must be terminated
                // too, and that is checked now, not left to whichever step reads next.
                context.Model.Terminate(session, SessionEndReason.IdentityMismatch, [Req.UPD_2]);
                context.ReadBackLater(session, [Req.UPD_2]);
                break;
            case ErrorReasons.RolesMismatch:
                context.Model.Terminate(session, SessionEndReason.RolesMismatch, [Req.UPD_3]);
                context.ReadBackLater(session, [Req.UPD_3]);
                break;
        }
    }
}
