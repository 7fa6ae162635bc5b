using Microsoft.Extensions.Logging;

namespace Tessera.Server.Hosting;

/// <summary>
/// Every session transition, as source-generated log messages with stable
/// event ids. Session ids appear only as a short prefix and tokens never, so
/// logs cannot be replayed into a live session.
/// </summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Session {SessionRef} started for user {UserId} (issuer {Issuer}, instance {ClientInstanceId}, guest {Guest}), expires {ExpiresAt:o}")]
    public static partial void Started(ILogger logger, string sessionRef, string userId, string issuer, string clientInstanceId, bool guest, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Session {SessionRef} token updated, expires {ExpiresAt:o}")]
    public static partial void Updated(ILogger logger, string sessionRef, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Session {SessionRef} revived by a token update, expires {ExpiresAt:o}")]
    public static partial void Revived(ILogger logger, string sessionRef, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Session {SessionRef} expired")]
    public static partial void Expired(ILogger logger, string sessionRef);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Session {SessionRef} terminated: {EndReason}")]
    public static partial void Terminated(ILogger logger, string sessionRef, string endReason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Session {SessionRef} forgotten after its retention")]
    public static partial void Forgotten(ILogger logger, string sessionRef);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "A session timer failed ({TimerKind} for {SessionRef})")]
    public static partial void TimerFailed(ILogger logger, Exception exception, string timerKind, string sessionRef);

    /// <summary>The first 6 characters: enough to follow one session through a log, useless to hijack it.</summary>
    public static string Ref(string sessionId) => sessionId.Length <= 6 ? sessionId : string.Concat(sessionId.AsSpan(0, 6), "…");
}
