using System.Globalization;

namespace Tessera.Tokens;

/// <summary>
/// JWT NumericDate (RFC 7519 section 2): seconds since 1970-01-01T00:00:00Z as
/// a JSON number. Instants are written exactly, with up to seven fraction
/// digits (one 100 ns tick), so a token can sit on any tick boundary the
/// conformance suite probes (TOK-12, TOK-13).
/// </summary>
public static class NumericDate
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>The JSON text of <paramref name="instant"/>: "1700000000" or "1700000000.0000001".</summary>
    public static string ToJson(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ToJson((decimal)ticks / TicksPerSecond);
    }

    /// <summary>The JSON text of a number of seconds, without exponent or trailing zeros.</summary>
    public static string ToJson(decimal seconds) => seconds.ToString("0.############################", CultureInfo.InvariantCulture);

    /// <summary>Whole seconds since the epoch (the common, integral form).</summary>
    public static long ToUnixSeconds(DateTimeOffset instant) => instant.ToUnixTimeSeconds();
}
