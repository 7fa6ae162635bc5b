using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Tessera.Protocol.V1;
using Tessera.Server.Events;

namespace Tessera.Server.Redis;

/// <summary>
/// Reads the events the scripts write: "seq|ticks|kind|args", kind X token_expiring(exp),
/// D token_expired(terminates_at), U token_updated(exp), T terminated(reason|message).
/// A compact text rather than protobuf bytes because the scripts build them.
/// </summary>
internal static class StoredEventText
{
    public static SessionEvent Parse(string text)
    {
        var parts = text.Split('|', 5);
        if (parts.Length < 4)
        {
            throw new FormatException($"malformed stored event: {text}");
        }

        var sessionEvent = parts[2] switch
        {
            "X" => SessionEvents.TokenExpiring(TickText.Parse(parts[3])),
            "D" => SessionEvents.TokenExpired(TickText.Parse(parts[3])),
            "U" => SessionEvents.TokenUpdated(TickText.Parse(parts[3])),
            "T" when parts.Length == 5 => SessionEvents.Terminated(
                (SessionEndReason)int.Parse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture), parts[4]),
            _ => throw new FormatException($"unknown stored event: {text}"),
        };
        sessionEvent.Seq = ulong.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        sessionEvent.Time = Timestamp.FromDateTimeOffset(TickText.Parse(parts[1]));
        return sessionEvent;
    }
}
