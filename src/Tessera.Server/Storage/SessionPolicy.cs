using Tessera.Protocol.V1;
using Tessera.Server.Options;

namespace Tessera.Server.Storage;

/// <summary>
/// The rule settings a store applies inside its atomic operations. Built once from
/// <see cref="TesseraServerOptions"/> plus the token validator's clock-skew leeway
/// (owned by the token options, so passed in rather than duplicated).
/// </summary>
internal sealed record SessionPolicy(
    SingleSessionPolicy SingleSession,
    TimeSpan ClockSkewLeeway,
    TimeSpan ExpiryGrace,
    TimeSpan ExpiringNotice,
    TimeSpan DisconnectGrace,
    TimeSpan TerminatedRetention,
    int EventReplayCapacity)
{
    public static SessionPolicy From(TesseraServerOptions options, TimeSpan clockSkewLeeway)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(clockSkewLeeway, TimeSpan.Zero);
        return new SessionPolicy(
            options.SingleSessionPolicy,
            clockSkewLeeway,
            options.ExpiryGrace,
            options.ExpiringNotice,
            options.DisconnectGrace,
            options.TerminatedRetention,
            options.EventReplayCapacity);
    }
}
