using Tessera.Protocol.V1;

namespace Tessera.Conformance.Model;

/// <summary>What the model knows about one session the target started.</summary>
internal sealed class ModelSession
{
    public ModelSession(int handle, string sessionId, string instanceId, SessionIdentity identity, IReadOnlyList<string> roles, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        Handle = handle;
        SessionId = sessionId;
        InstanceId = instanceId;
        Identity = identity;
        Roles = roles;
        ExpiresAt = expiresAt;
        StartedAt = now;
        UnwatchedSince = now;
    }

    /// <summary>s0, s1, ... in start order within one command sequence.</summary>
    public int Handle { get; }

    /// <summary>The id the target gave it.</summary>
    public string SessionId { get; }

    public string InstanceId { get; }

    public SessionIdentity Identity { get; }

    /// <summary>Sorted by ordinal order, distinct (SES-7).</summary>
    public IReadOnlyList<string> Roles { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public ModelSessionState State { get; set; }

    public SessionEndReason EndReason { get; set; }

    public DateTimeOffset? TerminatedAt { get; set; }

    /// <summary>The requirement that terminated it (EXP-4, END-1, UPD-3...): what a read that still finds it live breaks.</summary>
    public IReadOnlyList<string> TerminationIds { get; set; } = [];

    public DateTimeOffset StartedAt { get; }

    /// <summary>The expires_at value a token_expiring was pushed for (EXP-5: at most once per value).</summary>
    public DateTimeOffset? ExpiringPushedFor { get; set; }

    /// <summary>Open watch streams that count against EVT-6.</summary>
    public int OpenWatchers { get; set; }

    /// <summary>Since when no watcher has been open (EVT-6 counts from here).</summary>
    public DateTimeOffset UnwatchedSince { get; set; }

    public List<ModelEvent> Events { get; } = [];

    public ulong LastSeq => Events.Count == 0 ? 0 : Events[^1].Seq;

    public bool IsLive => State != ModelSessionState.Terminated;

    public string Name => "s" + Handle.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
