using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Server.Errors;

/// <summary>
/// The one table that ties each reason to its status code and recommended
/// action (SPEC.md ERR-2, ERR-3). Everything that answers an error reads it.
/// Reasons are the <see cref="ErrorReasons"/> constants themselves, so their
/// wire spelling has one home; an unknown one throws rather than guessing.
/// </summary>
internal static class ErrorCatalog
{
    public const string Domain = ErrorReasons.Domain;

    public static StatusCode StatusCodeOf(string reason) => reason switch
    {
        ErrorReasons.TokenInvalid or ErrorReasons.TokenExpired or ErrorReasons.TokenNotYetValid => StatusCode.Unauthenticated,
        ErrorReasons.RolesMismatch or ErrorReasons.IdentityMismatch or ErrorReasons.GuestDisabled => StatusCode.PermissionDenied,
        ErrorReasons.TokenStale or ErrorReasons.SchemaMismatch or ErrorReasons.SessionTerminated => StatusCode.FailedPrecondition,
        ErrorReasons.SessionNotFound => StatusCode.NotFound,
        ErrorReasons.SessionAlreadyActive => StatusCode.AlreadyExists,
        ErrorReasons.ResumeUnavailable => StatusCode.OutOfRange,
        ErrorReasons.ServerShuttingDown or ErrorReasons.StoreUnavailable => StatusCode.Unavailable,
        ErrorReasons.WatcherLagging => StatusCode.Aborted,
        ErrorReasons.InvalidRequest => StatusCode.InvalidArgument,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static ErrorAction ActionOf(string reason) => reason switch
    {
        ErrorReasons.TokenInvalid or ErrorReasons.TokenExpired or ErrorReasons.TokenNotYetValid or ErrorReasons.TokenStale => ErrorAction.RefreshToken,
        ErrorReasons.RolesMismatch or ErrorReasons.IdentityMismatch or ErrorReasons.SessionTerminated or ErrorReasons.SessionNotFound => ErrorAction.StartNewSession,
        ErrorReasons.InvalidRequest or ErrorReasons.SchemaMismatch => ErrorAction.FixRequest,
        ErrorReasons.GuestDisabled or ErrorReasons.SessionAlreadyActive or ErrorReasons.ResumeUnavailable
            or ErrorReasons.ServerShuttingDown or ErrorReasons.WatcherLagging or ErrorReasons.StoreUnavailable => ErrorAction.None,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string ActionName(ErrorAction action) => action switch
    {
        ErrorAction.None => ErrorActions.None,
        ErrorAction.RefreshToken => ErrorActions.RefreshToken,
        ErrorAction.StartNewSession => ErrorActions.StartNewSession,
        ErrorAction.FixRequest => ErrorActions.FixRequest,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}
