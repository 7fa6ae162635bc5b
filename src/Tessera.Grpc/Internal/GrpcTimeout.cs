using System.Globalization;

namespace Tessera.Grpc.Internal;

/// <summary>
/// The <c>grpc-timeout</c> header (PROTOCOL-HTTP2.md, Requests):
/// <code>
///   Timeout      -> "grpc-timeout" TimeoutValue TimeoutUnit
///   TimeoutValue -> positive integer as ASCII, at most 8 digits
///   TimeoutUnit  -> "H" / "M" / "S" / "m" / "u" / "n"   ; hour .. nanosecond
/// </code>
/// A value of 0 is accepted (an already-expired deadline) although the grammar
/// asks for a positive one: failing such a call with DEADLINE_EXCEEDED is what
/// a peer that sends it expects.
/// </summary>
internal static class GrpcTimeout
{
    public const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    /// <summary>Parses a header value; false when it does not follow the grammar.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }
        long number = 0;
        var digits = value[..^1];
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            number = (number * 10) + (c - '0');
        }
        long ticks;
        switch (value[^1])
        {
            case 'H': ticks = number * TimeSpan.TicksPerHour; break;
            case 'M': ticks = number * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = number * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = number * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = number * TimeSpan.TicksPerMicrosecond; break;
            // A tick is 100 ns; round up so a tiny timeout is not read as none.
            case 'n': ticks = (number + 99) / 100; break;
            default: return false;
        }
        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>
    /// Formats a positive timeout in the finest unit whose value fits in 8
    /// digits, rounding up so the server's deadline is never earlier than
    /// the client's. Timeouts beyond 99999999 hours are clamped to it.
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 0);
        if (ticks >= MaxValue * TimeSpan.TicksPerHour)
        {
            return "99999999H";
        }
        if (ticks <= MaxValue / 100)
        {
            return Math.Max(ticks * 100, 1).ToString(CultureInfo.InvariantCulture) + "n";
        }
        ReadOnlySpan<long> unitTicks = [TimeSpan.TicksPerMicrosecond, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute, TimeSpan.TicksPerHour];
        ReadOnlySpan<char> units = ['u', 'm', 'S', 'M', 'H'];
        for (var i = 0; i < unitTicks.Length; i++)
        {
            var value = (ticks + unitTicks[i] - 1) / unitTicks[i];
            if (value <= MaxValue)
            {
                return value.ToString(CultureInfo.InvariantCulture) + units[i].ToString();
            }
        }
        return "99999999H"; // unreachable: the hour unit always fits after the check above
    }
}
