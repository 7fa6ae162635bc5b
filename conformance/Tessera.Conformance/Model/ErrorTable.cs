using System.Collections.Frozen;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Model;

/// <summary>
/// SPEC.md section ERR as data: each reason with its status code and action
/// (ERR-2, ERR-3). The suite keeps its own copy of the table on purpose: it
/// judges implementations, ours included, so it must not read the table from
/// the code it judges.
/// </summary>
internal static class ErrorTable
{
    private static readonly FrozenDictionary<string, (StatusCode Code, string Action)> Rows =
        new Dictionary<string, (StatusCode, string)>(StringComparer.Ordinal)
        {
            [ErrorReasons.InvalidRequest] = (StatusCode.InvalidArgument, ErrorActions.FixRequest),
            [ErrorReasons.SchemaMismatch] = (StatusCode.FailedPrecondition, ErrorActions.FixRequest),
            [ErrorReasons.TokenInvalid] = (StatusCode.Unauthenticated, ErrorActions.RefreshToken),
            [ErrorReasons.TokenExpired] = (StatusCode.Unauthenticated, ErrorActions.RefreshToken),
            [ErrorReasons.TokenNotYetValid] = (StatusCode.Unauthenticated, ErrorActions.RefreshToken),
            [ErrorReasons.TokenStale] = (StatusCode.FailedPrecondition, ErrorActions.RefreshToken),
            [ErrorReasons.GuestDisabled] = (StatusCode.PermissionDenied, ErrorActions.None),
            [ErrorReasons.IdentityMismatch] = (StatusCode.PermissionDenied, ErrorActions.StartNewSession),
            [ErrorReasons.RolesMismatch] = (StatusCode.PermissionDenied, ErrorActions.StartNewSession),
            [ErrorReasons.SessionTerminated] = (StatusCode.FailedPrecondition, ErrorActions.StartNewSession),
            [ErrorReasons.SessionNotFound] = (StatusCode.NotFound, ErrorActions.StartNewSession),
            [ErrorReasons.SessionAlreadyActive] = (StatusCode.AlreadyExists, ErrorActions.None),
            [ErrorReasons.ResumeUnavailable] = (StatusCode.OutOfRange, ErrorActions.None),
            [ErrorReasons.WatcherLagging] = (StatusCode.Aborted, ErrorActions.None),
            [ErrorReasons.ServerShuttingDown] = (StatusCode.Unavailable, ErrorActions.None),
            [ErrorReasons.StoreUnavailable] = (StatusCode.Unavailable, ErrorActions.None),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The ErrorInfo domain every Tessera error carries (ERR-1).</summary>
    public const string Domain = ErrorReasons.Domain;

    /// <summary>The end_reason spellings ERR-5 allows: every defined end reason but UNSPECIFIED.</summary>
    public static readonly FrozenSet<string> EndReasons =
        EndReasonNames.All.Where(n => n != EndReasonNames.NameOf(SessionEndReason.Unspecified)).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnownReason(string reason) => Rows.ContainsKey(reason);

    public static StatusCode CodeOf(string reason) => Rows[reason].Code;

    public static string ActionOf(string reason) => Rows[reason].Action;
}
