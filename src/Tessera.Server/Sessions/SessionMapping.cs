using Google.Protobuf.WellKnownTypes;
using Tessera.Protocol.V1;

namespace Tessera.Server.Sessions;

/// <summary>Domain to wire: the one place a <see cref="SessionSnapshot"/> becomes a <c>tessera.v1.Session</c>.</summary>
internal static class SessionMapping
{
    /// <summary>The wire session; server_time is the snapshot's <see cref="SessionSnapshot.AsOf"/> (SES-7).</summary>
    public static Session ToProto(SessionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var session = new Session
        {
            SessionId = snapshot.SessionId,
            ClientInstanceId = snapshot.ClientInstanceId,
            UserId = snapshot.UserId,
            State = snapshot.State,
            ExpiresAt = Timestamp.FromDateTimeOffset(snapshot.ExpiresAt),
            ServerTime = Timestamp.FromDateTimeOffset(snapshot.AsOf),
            Guest = snapshot.Guest,
            Issuer = snapshot.Issuer,
            EndReason = snapshot.EndReason,
        };
        session.Roles.Add(snapshot.Roles);
        return session;
    }
}
