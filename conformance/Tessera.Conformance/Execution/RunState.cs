using System.Collections.Concurrent;
using Tessera.Conformance.Target;
using Tessera.Tokens;

namespace Tessera.Conformance.Execution;

/// <summary>What every command sequence of one run shares: the target, its profile, the key, the session ids seen so far.</summary>
internal sealed class RunState
{
    public required TargetOptions Target { get; init; }

    public required TargetProfile Profile { get; init; }

    public required MintingKey Key { get; init; }

    /// <summary>The issuer minted tokens carry.</summary>
    public required string Issuer { get; init; }

    /// <summary>The audience minted tokens carry; null when the target has none.</summary>
    public string? Audience { get; init; }

    public required RunSettings Settings { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Target clock minus local clock, measured at start (real clock only).</summary>
    public TimeSpan ClockOffset { get; init; }

    /// <summary>Every session id any start returned, to catch reuse (SES-2).</summary>
    public ConcurrentDictionary<string, byte> SeenSessionIds { get; } = new(StringComparer.Ordinal);

    private long _nonce;

    /// <summary>A fresh prefix for client instance ids, so sequences never share an instance (ONE-1).</summary>
    public string NextNonce() =>
        "cf" + Environment.ProcessId.ToString("x", System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Interlocked.Increment(ref _nonce).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();

    /// <summary>The target's clock as estimated from the local one (real clock).</summary>
    public DateTimeOffset EstimatedTargetNow() => Time.GetUtcNow() + ClockOffset;
}
