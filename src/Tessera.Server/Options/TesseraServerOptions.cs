using Tessera.Protocol.V1;

namespace Tessera.Server.Options;

/// <summary>
/// The session rules a server enforces and reports in GetServerInfo (INF-1).
/// Token checks (issuers, keys, audience, leeway, lifetimes) live in the token
/// validator's options, not here. Bound from the configuration section
/// <see cref="SectionName"/> by <c>AddTesseraServer</c>, which checks it with
/// <see cref="Validate"/> at start.
/// </summary>
public sealed class TesseraServerOptions
{
    /// <summary>The configuration section: "Tessera:Sessions".</summary>
    public const string SectionName = "Tessera:Sessions";

    /// <summary>The protocol version this server implements: "tessera.v1" (INF-2).</summary>
    public const string ProtocolVersionV1 = "tessera.v1";

    /// <summary>The longest accepted duration setting: 366 days.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    /// <summary>What a start for the same user does to a live session (ONE-3). Defaults to Replace.</summary>
    public SingleSessionPolicy SingleSessionPolicy { get; set; } = SingleSessionPolicy.Replace;

    /// <summary>Time an expired session stays EXPIRED before it is terminated (EXP-2, EXP-4). Defaults to 30 s; 0 terminates at once.</summary>
    public TimeSpan ExpiryGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long before exp token_expiring is pushed (EXP-5). Defaults to 60 s; 0 = never.</summary>
    public TimeSpan ExpiringNotice { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A session with no watcher for this long is terminated DISCONNECTED (EVT-6). Defaults to 0 (off).</summary>
    public TimeSpan DisconnectGrace { get; set; } = TimeSpan.Zero;

    /// <summary>How long a terminated session still answers SESSION_TERMINATED (END-3). Defaults to 10 min.</summary>
    public TimeSpan TerminatedRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most recent events each session keeps for resume (EVT-4). Defaults to 64; at least 8.</summary>
    public int EventReplayCapacity { get; set; } = 64;

    /// <summary>
    /// Live events a watch stream may leave unread before it is dropped (the client
    /// resumes, EVT-4). Defaults to 64. Not part of the protocol.
    /// </summary>
    public int WatcherBufferCapacity { get; set; } = 64;

    /// <summary>Whether StartSession accepts a guest credential (SES-5). Defaults to false.</summary>
    public bool GuestSessionsEnabled { get; set; }

    /// <summary>Lifetime of a guest session from its start (SES-5). Defaults to 1 h.</summary>
    public TimeSpan GuestSessionLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The issuer guest sessions belong to, for the single-session rule (SES-5). Defaults to "tessera:guest".</summary>
    public string GuestIssuer { get; set; } = "tessera:guest";

    /// <summary>The schema hash clients must match when they send one (SES-3). Defaults to empty (none configured).</summary>
    public string SchemaHash { get; set; } = string.Empty;

    /// <summary>
    /// Protocol versions StartSession accepts (SES-3, INF-2). Defaults to ["tessera.v1"].
    /// Configuration binding appends to this list; duplicates are harmless.
    /// </summary>
    public IList<string> ProtocolVersions { get; set; } = [ProtocolVersionV1];

    /// <summary>Whether the test clock and its service are enabled (CLK-1). Defaults to false; never in production.</summary>
    public bool TestClockEnabled { get; set; }

    /// <summary>Every problem with these options, one message per field; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SingleSessionPolicy is not (SingleSessionPolicy.Replace or SingleSessionPolicy.Reject))
        {
            errors.Add($"{SectionName}:{nameof(SingleSessionPolicy)} must be Replace or Reject; got {SingleSessionPolicy}.");
        }

        CheckDuration(errors, nameof(ExpiryGrace), ExpiryGrace, allowZero: true);
        CheckDuration(errors, nameof(ExpiringNotice), ExpiringNotice, allowZero: true);
        CheckDuration(errors, nameof(DisconnectGrace), DisconnectGrace, allowZero: true);
        CheckDuration(errors, nameof(TerminatedRetention), TerminatedRetention, allowZero: true);
        CheckDuration(errors, nameof(GuestSessionLifetime), GuestSessionLifetime, allowZero: false);

        if (EventReplayCapacity is < 8 or > 4096)
        {
            errors.Add($"{SectionName}:{nameof(EventReplayCapacity)} must be between 8 and 4096 (EVT-4); got {EventReplayCapacity}.");
        }

        if (WatcherBufferCapacity is < 1 or > 65536)
        {
            errors.Add($"{SectionName}:{nameof(WatcherBufferCapacity)} must be between 1 and 65536; got {WatcherBufferCapacity}.");
        }

        if (string.IsNullOrWhiteSpace(GuestIssuer) || GuestIssuer.Length > 256)
        {
            errors.Add($"{SectionName}:{nameof(GuestIssuer)} must be 1 to 256 characters and not blank.");
        }

        if (SchemaHash is null || SchemaHash.Length > 256)
        {
            errors.Add($"{SectionName}:{nameof(SchemaHash)} must be at most 256 characters (empty for none).");
        }

        if (ProtocolVersions is null || !ProtocolVersions.Contains(ProtocolVersionV1))
        {
            errors.Add($"{SectionName}:{nameof(ProtocolVersions)} must contain \"{ProtocolVersionV1}\" (INF-2).");
        }
        else
        {
            foreach (var version in ProtocolVersions)
            {
                if (string.IsNullOrWhiteSpace(version))
                {
                    errors.Add($"{SectionName}:{nameof(ProtocolVersions)} must not contain an empty version.");
                    break;
                }
            }
        }

        return errors;
    }

    private static void CheckDuration(List<string> errors, string name, TimeSpan value, bool allowZero)
    {
        var tooSmall = allowZero ? value < TimeSpan.Zero : value <= TimeSpan.Zero;
        if (tooSmall || value > MaxDuration)
        {
            var lower = allowZero ? "0 or more" : "greater than 0";
            errors.Add($"{SectionName}:{name} must be {lower} and at most 366 days; got {value}.");
        }
    }
}
