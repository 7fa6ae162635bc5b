using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Tessera.Protocol.V1;
using Tessera.Server.Events;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// After a token_updated whose expires_at equals the one a token_expiring was
/// already pushed for, tells live watchers token_expiring again: UPD-5's "a
/// new token_expiring is due" read over EXP-5's "at most once per expires_at
/// value", which draft 2 settles on (breaks EXP-5).
/// </summary>
internal sealed class EqualExpNoticeSink(ISessionEventSink inner) : ISessionEventSink
{
    private readonly ConcurrentDictionary<string, Timestamp> _noticeFor = new(StringComparer.Ordinal);

    public void Publish(string sessionId, SessionEvent sessionEvent)
    {
        inner.Publish(sessionId, sessionEvent);
        if (sessionEvent.TokenExpiring is { } expiring)
        {
            _noticeFor[sessionId] = expiring.ExpiresAt;
        }
        else if (sessionEvent.TokenUpdated is { } updated && _noticeFor.TryGetValue(sessionId, out var noticed) && noticed.Equals(updated.ExpiresAt))
        {
            inner.Publish(sessionId, new SessionEvent
            {
                Seq = sessionEvent.Seq + 1,
                Time = sessionEvent.Time,
                TokenExpiring = new TokenExpiring { ExpiresAt = updated.ExpiresAt },
            });
        }
    }
}
