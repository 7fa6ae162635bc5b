using System.Collections.Frozen;
using Tessera.Grpc;

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
            [Reasons.InvalidRequest] = (StatusCode.InvalidArgument, "FIX_REQUEST"),
            [Reasons.SchemaMismatch] = (StatusCode.FailedPrecondition, "FIX_REQUEST"),
            [Reasons.TokenInvalid] = (StatusCode.Unauthenticated, "REFRESH_TOKEN"),
            [Reasons.TokenExpired] = (StatusCode.Unauthenticated, "REFRESH_TOKEN"),
            [Reasons.TokenNotYetValid] = (StatusCode.Unauthenticated, "REFRESH_TOKEN"),
            [Reasons.TokenStale] = (StatusCode.FailedPrecondition, "REFRESH_TOKEN"),
            [Reasons.GuestDisabled] = (StatusCode.PermissionDenied, "NONE"),
            [Reasons.IdentityMismatch] = (StatusCode.PermissionDenied, "START_NEW_SESSION"),
            [Reasons.RolesMismatch] = (StatusCode.PermissionDenied, "START_NEW_SESSION"),
            [Reasons.SessionTerminated] = (StatusCode.FailedPrecondition, "START_NEW_SESSION"),
            [Reasons.SessionNotFound] = (StatusCode.NotFound, "START_NEW_SESSION"),
            [Reasons.SessionAlreadyActive] = (StatusCode.AlreadyExists, "NONE"),
            [Reasons.ResumeUnavailable] = (StatusCode.OutOfRange, "NONE"),
            [Reasons.WatcherLagging] = (StatusCode.Aborted, "NONE"),
            [Reasons.ServerShuttingDown] = (StatusCode.Unavailable, "NONE"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The ErrorInfo domain every Tessera error carries (ERR-1).</summary>
    public const string Domain = "tessera.v1";

    /// <summary>The end_reason spellings ERR-5 allows.</summary>
    public static readonly FrozenSet<string> EndReasons =
        new[] { "ENDED", "TOKEN_EXPIRED", "ROLES_MISMATCH", "IDENTITY_MISMATCH", "SESSION_REPLACED", "DISCONNECTED" }
            .ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnownReason(string reason) => Rows.ContainsKey(reason);

    public static StatusCode CodeOf(string reason) => Rows[reason].Code;

    public static string ActionOf(string reason) => Rows[reason].Action;
}
