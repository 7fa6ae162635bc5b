using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Tessera.Bench.Server;

/// <summary>
/// Listens to the server's own meter ("Tessera.Server") so the orchestrator can
/// check that a load run's requests did what they should (every StartSession
/// validated its token and replaced the previous session). A deployment that
/// exports metrics listens the same way, so this is not extra work the
/// production server would not do.
/// </summary>
internal sealed class OutcomeCounters : IDisposable
{
    private const string MeterName = "Tessera.Server";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string? Tag), StrongBox<long>> _counts = new();

    public OutcomeCounters()
    {
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    public Dictionary<string, long> Snapshot()
    {
        var snapshot = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((instrument, tag), box) in _counts)
        {
            var key = tag is null ? instrument : instrument + "/" + tag;
            snapshot[key] = snapshot.GetValueOrDefault(key) + Interlocked.Read(ref box.Value);
        }

        return snapshot;
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        // The tag values are the server's preallocated strings, so the key allocates nothing.
        var tag = tags.Length > 0 ? tags[0].Value as string : null;
        var box = _counts.GetOrAdd((instrument.Name, tag), static _ => new StrongBox<long>());
        Interlocked.Add(ref box.Value, value);
    }
}
