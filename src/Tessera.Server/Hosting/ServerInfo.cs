using Google.Protobuf.WellKnownTypes;
using Tessera.Protocol.V1;
using Tessera.Server.Options;
using Tessera.Server.Tokens;

namespace Tessera.Server.Hosting;

/// <summary>
/// What GetServerInfo reports, built once from the options the server actually
/// enforces (INF-1), so the answer can never drift from the configuration.
/// </summary>
internal sealed class ServerInfo
{
    public ServerInfo(TesseraServerOptions sessions, TokenValidationOptions tokens, SigningKeyRing keys)
    {
        var info = new GetServerInfoResponse
        {
            SingleSessionPolicy = sessions.SingleSessionPolicy,
            ClockSkewLeeway = Duration.FromTimeSpan(tokens.ClockSkewLeeway),
            ExpiryGrace = Duration.FromTimeSpan(sessions.ExpiryGrace),
            ExpiringNotice = Duration.FromTimeSpan(sessions.ExpiringNotice),
            DisconnectGrace = Duration.FromTimeSpan(sessions.DisconnectGrace),
            MaxTokenLifetime = Duration.FromTimeSpan(tokens.MaxTokenLifetime),
            TerminatedRetention = Duration.FromTimeSpan(sessions.TerminatedRetention),
            GuestSessionsEnabled = sessions.GuestSessionsEnabled,
            TestClockEnabled = sessions.TestClockEnabled,
            SchemaHash = sessions.SchemaHash,
            MaxTokenBytes = tokens.MaxTokenBytes,
            EventReplayCapacity = sessions.EventReplayCapacity,
            GuestSessionLifetime = Duration.FromTimeSpan(sessions.GuestSessionLifetime),
            GuestIssuer = sessions.GuestIssuer,
            Audience = tokens.Audience ?? string.Empty,
        };
        info.ProtocolVersions.Add(sessions.ProtocolVersions);
        info.AcceptedAlgorithms.Add(keys.AcceptedAlgorithms);
        info.Issuers.Add(tokens.Issuers);
        Template = info;
    }

    /// <summary>The answer without server_time; clone it before filling that in.</summary>
    public GetServerInfoResponse Template { get; }
}
