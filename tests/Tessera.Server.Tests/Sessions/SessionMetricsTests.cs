using System.Diagnostics.Metrics;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

public sealed class SessionMetricsTests
{
    [Fact]
    public void OnTransition_SessionLifecycle_CountsActiveExpiredAndTerminatedByReason()
    {
        using var metrics = new SessionMetrics();
        var measurements = new List<(string Instrument, long Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string;
                }
            }

            measurements.Add((instrument.Name, value, reason));
        });
        listener.Start();
        using var harness = new RegistryHarness(o => o.ExpiryGrace = TimeSpan.Zero, observer: metrics);

        var ended = harness.StartOk(harness.Token(lifetime: TimeSpan.FromHours(2)), "device-a");
        harness.StartOk(harness.Token(lifetime: TimeSpan.FromMinutes(5)), "device-b");
        harness.Registry.End(ended.SessionId);
        harness.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(
            [
                ("tessera.sessions.active", 1L, (string?)null),
                ("tessera.sessions.active", 1L, null),
                ("tessera.sessions.active", -1L, null),
                ("tessera.sessions.terminated", 1L, "ENDED"),
                ("tessera.sessions.expired", 1L, null),
                ("tessera.sessions.active", -1L, null),
                ("tessera.sessions.terminated", 1L, "TOKEN_EXPIRED"),
            ],
            measurements);
    }
}
