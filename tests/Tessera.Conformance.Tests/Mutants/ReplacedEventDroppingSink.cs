using Tessera.Protocol.V1;
using Tessera.Server.Events;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>Terminates a replaced session but never tells its open watchers (breaks ONE-3, EVT-2).</summary>
internal sealed class ReplacedEventDroppingSink(ISessionEventSink inner) : ISessionEventSink
{
    public void Publish(string sessionId, SessionEvent sessionEvent)
    {
        if (sessionEvent.Terminated?.Reason == SessionEndReason.SessionReplaced)
        {
            return;
        }

        inner.Publish(sessionId, sessionEvent);
    }
}
