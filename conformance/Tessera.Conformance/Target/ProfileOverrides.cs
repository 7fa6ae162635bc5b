using Tessera.Protocol.V1;

namespace Tessera.Conformance.Target;

/// <summary>
/// Values that replace what the target reports in GetServerInfo, for a
/// server whose report is known to be wrong or incomplete. Every property is
/// null (keep the reported value) by default.
/// </summary>
public sealed record ProfileOverrides
{
    /// <summary>single_session_policy; null keeps the reported one.</summary>
    public SingleSessionPolicy? Policy { get; init; }

    /// <summary>clock_skew_leeway; null keeps the reported one.</summary>
    public TimeSpan? Leeway { get; init; }

    /// <summary>expiry_grace; null keeps the reported one.</summary>
    public TimeSpan? ExpiryGrace { get; init; }

    /// <summary>expiring_notice; null keeps the reported one.</summary>
    public TimeSpan? ExpiringNotice { get; init; }

    /// <summary>disconnect_grace; null keeps the reported one.</summary>
    public TimeSpan? DisconnectGrace { get; init; }

    /// <summary>max_token_lifetime; null keeps the reported one.</summary>
    public TimeSpan? MaxTokenLifetime { get; init; }

    /// <summary>terminated_retention; null keeps the reported one.</summary>
    public TimeSpan? TerminatedRetention { get; init; }

    /// <summary>guest_sessions_enabled; null keeps the reported one.</summary>
    public bool? GuestSessionsEnabled { get; init; }

    /// <summary>audience; null keeps the reported one.</summary>
    public string? Audience { get; init; }

    /// <summary>issuers; null keeps the reported ones.</summary>
    public IReadOnlyList<string>? Issuers { get; init; }

    /// <summary>True when no value is set.</summary>
    public bool IsEmpty => this == new ProfileOverrides();
}
