using Tessera.Protocol.V1;
using System.Diagnostics.Metrics;
using Tessera.Server.Errors;

namespace Tessera.Server.Sessions;

/// <summary>
/// Session metrics on the meter <see cref="MeterName"/>:
/// <c>tessera.sessions.active</c> (up-down counter of non-terminated sessions on this node),
/// <c>tessera.sessions.expired</c> (sessions that reached exp + leeway) and
/// <c>tessera.sessions.terminated</c> (tagged <c>reason</c>: ENDED, TOKEN_EXPIRED, ...).
/// </summary>
internal sealed class SessionMetrics : ISessionLifecycleObserver, IDisposable
{
    /// <summary>The meter name: "Tessera.Server".</summary>
    public const string MeterName = "Tessera.Server";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _terminated;

    /// <param name="meterFactory">Creates the meter (the host's DI factory); null: a standalone meter.</param>
    public SessionMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _active = _meter.CreateUpDownCounter<long>("tessera.sessions.active", unit: "{session}", description: "Sessions that are ACTIVE or EXPIRED.");
        _expired = _meter.CreateCounter<long>("tessera.sessions.expired", unit: "{session}", description: "Sessions that reached exp + leeway.");
        _terminated = _meter.CreateCounter<long>("tessera.sessions.terminated", unit: "{session}", description: "Sessions terminated, by end reason.");
    }

    /// <summary>The meter the instruments live on (tests listen to exactly this one).</summary>
    internal Meter Meter => _meter;

    public void OnTransition(in SessionTransition transition)
    {
        switch (transition.Kind)
        {
            case SessionTransitionKind.Started:
                _active.Add(1);
                break;
            case SessionTransitionKind.Expired:
                _expired.Add(1);
                break;
            case SessionTransitionKind.Terminated:
                _active.Add(-1);
                _terminated.Add(1, new KeyValuePair<string, object?>("reason", EndReasonNames.NameOf(transition.Session.EndReason)));
                break;
        }
    }

    public void Dispose() => _meter.Dispose();
}
