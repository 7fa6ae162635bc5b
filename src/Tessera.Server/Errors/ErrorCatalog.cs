using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Server.Errors;

/// <summary>
/// The one table that ties each reason to its status code and recommended
/// action (SPEC.md ERR-2, ERR-3). Everything that answers an error reads it.
/// </summary>
public static class ErrorCatalog
{
    public const string Domain = ErrorReasons.Domain;

    public static StatusCode StatusCodeOf(ErrorReason reason) => reason switch
    {
        ErrorReason.TokenInvalid or ErrorReason.TokenExpired or ErrorReason.TokenNotYetValid => StatusCode.Unauthenticated,
        ErrorReason.RolesMismatch or ErrorReason.IdentityMismatch or ErrorReason.GuestDisabled => StatusCode.PermissionDenied,
        ErrorReason.TokenStale or ErrorReason.SchemaMismatch or ErrorReason.SessionTerminated => StatusCode.FailedPrecondition,
        ErrorReason.SessionNotFound => StatusCode.NotFound,
        ErrorReason.SessionAlreadyActive => StatusCode.AlreadyExists,
        ErrorReason.ResumeUnavailable => StatusCode.OutOfRange,
        ErrorReason.ServerShuttingDown or ErrorReason.StoreUnavailable => StatusCode.Unavailable,
        ErrorReason.WatcherLagging => StatusCode.Aborted,
        ErrorReason.InvalidRequest => StatusCode.InvalidArgument,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static ErrorAction ActionOf(ErrorReason reason) => reason switch
    {
        ErrorReason.TokenInvalid or ErrorReason.TokenExpired or ErrorReason.TokenNotYetValid or ErrorReason.TokenStale => ErrorAction.RefreshToken,
        ErrorReason.RolesMismatch or ErrorReason.IdentityMismatch or ErrorReason.SessionTerminated or ErrorReason.SessionNotFound => ErrorAction.StartNewSession,
        ErrorReason.InvalidRequest or ErrorReason.SchemaMismatch => ErrorAction.FixRequest,
        ErrorReason.GuestDisabled or ErrorReason.SessionAlreadyActive or ErrorReason.ResumeUnavailable
            or ErrorReason.ServerShuttingDown or ErrorReason.WatcherLagging or ErrorReason.StoreUnavailable => ErrorAction.None,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>Wire spelling of a reason: TOKEN_EXPIRED, ROLES_MISMATCH, ...</summary>
    public static string ReasonName(ErrorReason reason) => reason switch
    {
        ErrorReason.InvalidRequest => ErrorReasons.InvalidRequest,
        ErrorReason.SessionNotFound => ErrorReasons.SessionNotFound,
        ErrorReason.SessionTerminated => ErrorReasons.SessionTerminated,
        ErrorReason.SchemaMismatch => ErrorReasons.SchemaMismatch,
        ErrorReason.TokenInvalid => ErrorReasons.TokenInvalid,
        ErrorReason.TokenExpired => ErrorReasons.TokenExpired,
        ErrorReason.TokenNotYetValid => ErrorReasons.TokenNotYetValid,
        ErrorReason.GuestDisabled => ErrorReasons.GuestDisabled,
        ErrorReason.IdentityMismatch => ErrorReasons.IdentityMismatch,
        ErrorReason.RolesMismatch => ErrorReasons.RolesMismatch,
        ErrorReason.TokenStale => ErrorReasons.TokenStale,
        ErrorReason.SessionAlreadyActive => ErrorReasons.SessionAlreadyActive,
        ErrorReason.ResumeUnavailable => ErrorReasons.ResumeUnavailable,
        ErrorReason.ServerShuttingDown => ErrorReasons.ServerShuttingDown,
        ErrorReason.WatcherLagging => ErrorReasons.WatcherLagging,
        ErrorReason.StoreUnavailable => ErrorReasons.StoreUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string ActionName(ErrorAction action) => action switch
    {
        ErrorAction.None => "NONE",
        ErrorAction.RefreshToken => "REFRESH_TOKEN",
        ErrorAction.StartNewSession => "START_NEW_SESSION",
        ErrorAction.FixRequest => "FIX_REQUEST",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
