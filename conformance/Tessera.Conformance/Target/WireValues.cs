using Google.Protobuf.WellKnownTypes;

namespace Tessera.Conformance.Target;

/// <summary>
/// Timestamps and durations as a target sent them. Google.Protobuf's own
/// conversions throw on values outside the well-known types' ranges (nanos
/// out of range, a duration whose seconds and nanos disagree in sign, a year
/// past 9999), which any target can send: here such a value reads as missing,
/// and the checks that need it report that, instead of the run crashing.
/// </summary>
internal static class WireValues
{
    private const long MinTimestampSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxTimestampSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
    private const long MaxDurationSeconds = 315_576_000_000; // about 10,000 years, protobuf's bound
    private const int MaxNanos = 999_999_999;

    /// <summary>The instant, or null when missing or not a valid google.protobuf.Timestamp.</summary>
    public static DateTimeOffset? AsTime(this Timestamp? timestamp) =>
        timestamp is { Nanos: >= 0 and <= MaxNanos, Seconds: >= MinTimestampSeconds and <= MaxTimestampSeconds } valid
            ? valid.ToDateTimeOffset()
            : null;

    /// <summary>The length, or null when missing or not a valid google.protobuf.Duration.</summary>
    public static TimeSpan? AsSpan(this Duration? duration) => IsValid(duration) ? duration!.ToTimeSpan() : null;

    /// <summary>True for a duration inside protobuf's range whose seconds and nanos agree in sign.</summary>
    public static bool IsValid(Duration? duration) =>
        duration is { Seconds: >= -MaxDurationSeconds and <= MaxDurationSeconds, Nanos: >= -MaxNanos and <= MaxNanos } d
        && !(d.Seconds > 0 && d.Nanos < 0) && !(d.Seconds < 0 && d.Nanos > 0);
}
