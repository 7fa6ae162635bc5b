namespace Tessera.Server.Redis;

/// <summary>
/// Times as the scripts hold them: UTC ticks, 19 digits, zero-padded, so that
/// the scripts compare them as strings and add to them without losing the
/// precision a Lua double has not got (see Scripts/prelude.lua).
/// </summary>
internal static class TickText
{
    public static string Of(DateTimeOffset time) => time.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    public static string Of(TimeSpan span) => span.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        new(long.Parse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
}
