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
            [ErrorReasons.InvalidRequest] = (StatusCode.InvalidArgument, "FIX_REQUEST"),
            [ErrorReasons.SchemaMismatch] = (StatusCode.FailedPrecondition, "FIX_REQUEST"),
            [ErrorReasons.TokenInvalid] = (StatusCode.Unauthenticated, "REFRESH_TOKEN"),
            [ErrorReasons.TokenExpired] = (StatusCode.Unauthenticated, "REFRESH_TOKEN"),
            [ErrorReasons.TokenNotYetValid] = (StatusCode.Unauthenticated, "REFRESH_TOKEN"),
            [ErrorReasons.TokenStale] = (StatusCode.FailedPrecondition, "REFRESH_TOKEN"),
            [ErrorReasons.GuestDisabled] = (StatusCode.PermissionDenied, "NONE"),
            [ErrorReasons.IdentityMismatch] = (StatusCode.PermissionDenied, "START_NEW_SESSION"),
            [ErrorReasons.RolesMismatch] = (StatusCode.PermissionDenied, "START_NEW_SESSION"),
            [ErrorReasons.SessionTerminated] = (StatusCode.FailedPrecondition, "START_NEW_SESSION"),
            [ErrorReasons.SessionNotFound] = (StatusCode.NotFound, "START_NEW_SESSION"),
            [ErrorReasons.SessionAlreadyActive] = (StatusCode.AlreadyExists, "NONE"),
            [ErrorReasons.ResumeUnavailable] = (StatusCode.OutOfRange, "NONE"),
            [ErrorReasons.WatcherLagging] = (StatusCode.Aborted, "NONE"),
            [ErrorReasons.ServerShuttingDown] = (StatusCode.Unavailable, "NONE"),
            [ErrorReasons.StoreUnavailable] = (StatusCode.Unavailable, "NONE"),
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
