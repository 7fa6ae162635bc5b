using Tessera.Protocol.V1;
using Microsoft.Extensions.Logging;
using Tessera.Server.Errors;
using Tessera.Server.Sessions;

namespace Tessera.Server.Hosting;

/// <summary>Logs each session transition (<see cref="SessionLog"/>) and forwards it to the metrics.</summary>
internal sealed class SessionTransitionLogger : ISessionLifecycleObserver
{
    private readonly ILogger _logger;
    private readonly SessionMetrics _metrics;

    public SessionTransitionLogger(ILogger<SessionTransitionLogger> logger, SessionMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
    }

    public void OnTransition(in SessionTransition transition)
    {
        _metrics.OnTransition(transition);
        var session = transition.Session;
        var sessionRef = SessionLog.Ref(session.SessionId);
        switch (transition.Kind)
        {
            case SessionTransitionKind.Started:
                SessionLog.Started(_logger, sessionRef, session.UserId, session.Issuer, session.ClientInstanceId, session.Guest, session.ExpiresAt);
                break;
            case SessionTransitionKind.Updated:
                SessionLog.Updated(_logger, sessionRef, session.ExpiresAt);
                break;
            case SessionTransitionKind.Revived:
                SessionLog.Revived(_logger, sessionRef, session.ExpiresAt);
                break;
            case SessionTransitionKind.Expired:
                SessionLog.Expired(_logger, sessionRef);
                break;
            case SessionTransitionKind.Terminated:
                SessionLog.Terminated(_logger, sessionRef, EndReasonNames.NameOf(session.EndReason));
                break;
            case SessionTransitionKind.Forgotten:
                SessionLog.Forgotten(_logger, sessionRef);
                break;
        }
    }

    internal void TimerFailed(string timerKind, string sessionId, Exception exception) =>
        SessionLog.TimerFailed(_logger, exception, timerKind, SessionLog.Ref(sessionId));
}
