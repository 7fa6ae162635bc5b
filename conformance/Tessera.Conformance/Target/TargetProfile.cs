using Tessera.Protocol.V1;

namespace Tessera.Conformance.Target;

/// <summary>
/// The profile a target declares in <c>GetServerInfo</c> (INF-1), possibly
/// overridden from the command line. The model predicts every answer from
/// these values, so a server that reports one value and enforces another
/// fails the checks that depend on it.
/// </summary>
public sealed record TargetProfile
{
    /// <summary>Versions accepted by StartSession (INF-2).</summary>
    public IReadOnlyList<string> ProtocolVersions { get; init; } = ["tessera.v1"];

    /// <summary>What a same-identity start does (ONE-3).</summary>
    public SingleSessionPolicy Policy { get; init; } = SingleSessionPolicy.Replace;

    /// <summary>Clock skew leeway (TOK-12).</summary>
    public TimeSpan Leeway { get; init; }

    /// <summary>EXPIRED state length (EXP-2).</summary>
    public TimeSpan ExpiryGrace { get; init; }

    /// <summary>token_expiring lead time (EXP-5).</summary>
    public TimeSpan ExpiringNotice { get; init; }

    /// <summary>Watcherless time before DISCONNECTED (EVT-6); zero turns it off.</summary>
    public TimeSpan DisconnectGrace { get; init; }

    /// <summary>Longest exp - iat (TOK-11).</summary>
    public TimeSpan MaxTokenLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a terminated session still answers SESSION_TERMINATED (END-3).</summary>
    public TimeSpan TerminatedRetention { get; init; }

    /// <summary>Algorithms the target accepts (TOK-3).</summary>
    public IReadOnlyList<string> AcceptedAlgorithms { get; init; } = [];

    /// <summary>Whether guest credentials are accepted (SES-5).</summary>
    public bool GuestSessionsEnabled { get; init; }

    /// <summary>Whether the target says it serves the test clock (CLK-1).</summary>
    public bool TestClockEnabled { get; init; }

    /// <summary>The server's schema hash; empty when none (SES-3).</summary>
    public string SchemaHash { get; init; } = "";

    /// <summary>Largest accepted token in bytes (TOK-2).</summary>
    public int MaxTokenBytes { get; init; } = 8192;

    /// <summary>Events kept per session for resume (EVT-4).</summary>
    public int EventReplayCapacity { get; init; } = 8;

    /// <summary>Guest session lifetime (SES-5).</summary>
    public TimeSpan GuestSessionLifetime { get; init; }

    /// <summary>Accepted issuers (TOK-6).</summary>
    public IReadOnlyList<string> Issuers { get; init; } = [];

    /// <summary>Issuer of guest sessions (SES-5).</summary>
    public string GuestIssuer { get; init; } = "";

    /// <summary>Required audience; empty when not checked (TOK-7).</summary>
    public string Audience { get; init; } = "";

    /// <summary>The server's clock when it answered GetServerInfo.</summary>
    public DateTimeOffset ServerTime { get; init; }

    /// <summary>Reads a GetServerInfo answer.</summary>
    public static TargetProfile FromServerInfo(GetServerInfoResponse info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new TargetProfile
        {
            ProtocolVersions = [.. info.ProtocolVersions],
            Policy = info.SingleSessionPolicy,
            Leeway = info.ClockSkewLeeway.AsSpan() ?? TimeSpan.Zero,
            ExpiryGrace = info.ExpiryGrace.AsSpan() ?? TimeSpan.Zero,
            ExpiringNotice = info.ExpiringNotice.AsSpan() ?? TimeSpan.Zero,
            DisconnectGrace = info.DisconnectGrace.AsSpan() ?? TimeSpan.Zero,
            MaxTokenLifetime = info.MaxTokenLifetime.AsSpan() ?? TimeSpan.Zero,
            TerminatedRetention = info.TerminatedRetention.AsSpan() ?? TimeSpan.Zero,
            AcceptedAlgorithms = [.. info.AcceptedAlgorithms],
            GuestSessionsEnabled = info.GuestSessionsEnabled,
            TestClockEnabled = info.TestClockEnabled,
            SchemaHash = info.SchemaHash,
            MaxTokenBytes = info.MaxTokenBytes,
            EventReplayCapacity = info.EventReplayCapacity,
            GuestSessionLifetime = info.GuestSessionLifetime.AsSpan() ?? TimeSpan.Zero,
            Issuers = [.. info.Issuers],
            GuestIssuer = info.GuestIssuer,
            Audience = info.Audience,
            ServerTime = info.ServerTime.AsTime() ?? default,
        };
    }

    /// <summary>This profile with every value <paramref name="overrides"/> sets replaced.</summary>
    public TargetProfile With(ProfileOverrides? overrides)
    {
        if (overrides is null)
        {
            return this;
        }

        return this with
        {
            Policy = overrides.Policy ?? Policy,
            Leeway = overrides.Leeway ?? Leeway,
            ExpiryGrace = overrides.ExpiryGrace ?? ExpiryGrace,
            ExpiringNotice = overrides.ExpiringNotice ?? ExpiringNotice,
            DisconnectGrace = overrides.DisconnectGrace ?? DisconnectGrace,
            MaxTokenLifetime = overrides.MaxTokenLifetime ?? MaxTokenLifetime,
            TerminatedRetention = overrides.TerminatedRetention ?? TerminatedRetention,
            GuestSessionsEnabled = overrides.GuestSessionsEnabled ?? GuestSessionsEnabled,
            Audience = overrides.Audience ?? Audience,
            Issuers = overrides.Issuers ?? Issuers,
        };
    }
}
