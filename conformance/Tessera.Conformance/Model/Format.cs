using System.Globalization;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Model;

/// <summary>How reports write times, durations and enums: short, exact and culture-free.</summary>
internal static class Format
{
    /// <summary>ISO 8601 UTC with the fraction only when there is one (to the tick).</summary>
    public static string Time(DateTimeOffset? instant)
    {
        if (instant is not { } value)
        {
            return "-";
        }

        var utc = value.UtcDateTime;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A duration as "90s", "1.5s", "1h", "100ns"; "-2s" when negative.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Duration(-span);
        }

        if (span.Ticks == 1)
        {
            return "1tick";
        }

        if (span.Ticks % TimeSpan.TicksPerHour == 0 && span >= TimeSpan.FromHours(1))
        {
            return (span.Ticks / TimeSpan.TicksPerHour).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (span.Ticks % TimeSpan.TicksPerMinute == 0 && span >= TimeSpan.FromMinutes(1))
        {
            return (span.Ticks / TimeSpan.TicksPerMinute).ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (span.Ticks % TimeSpan.TicksPerMillisecond == 0)
        {
            return ((decimal)span.Ticks / TimeSpan.TicksPerSecond).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        }

        return ((decimal)span.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture) + "s";
    }

    /// <summary>TOKEN_EXPIRED, ENDED, ... as ERR-5 spells end reasons.</summary>
    public static string EndReason(SessionEndReason reason) => EndReasonNames.NameOf(reason);

    /// <summary>ACTIVE, EXPIRED, TERMINATED.</summary>
    public static string State(SessionState state) => state switch
    {
        SessionState.Active => "ACTIVE",
        SessionState.Expired => "EXPIRED",
        SessionState.Terminated => "TERMINATED",
        _ => "UNSPECIFIED",
    };

    /// <summary>ACTIVE, EXPIRED, TERMINATED.</summary>
    public static string State(ModelSessionState state) => state switch
    {
        ModelSessionState.Active => "ACTIVE",
        ModelSessionState.Expired => "EXPIRED",
        _ => "TERMINATED",
    };

    /// <summary>[a,b] or [].</summary>
    public static string List(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";
}
