namespace Tessera.Conformance.Commands;

/// <summary>Where a watch starts, relative to the session's last event (EVT-4).</summary>
internal enum ResumeChoice
{
    /// <summary>resume_after_seq = 0: every event.</summary>
    FromStart,

    /// <summary>The last event's seq: live events only.</summary>
    FromLast,

    /// <summary>A few events back: a resume after a short drop.</summary>
    Back,

    /// <summary>Beyond the last event: RESUME_UNAVAILABLE.</summary>
    Beyond,

    /// <summary>Further back than event_replay_capacity: replay or RESUME_UNAVAILABLE.</summary>
    TooOld,
}
