namespace Tessera.Conformance.Execution;

/// <summary>How commands run against one target: clock mode and the waits and margins that go with it.</summary>
internal sealed record RunSettings
{
    /// <summary>True when the suite drives the target's test clock: every time check is exact.</summary>
    public bool ExactClock { get; init; }

    /// <summary>Allowed timer lateness and clock difference with the real clock (EXP-6). Zero with the test clock.</summary>
    public TimeSpan Tolerance { get; init; }

    /// <summary>How long to wait for an event or a stream end the model says is due. Defaults to 2 s.</summary>
    public TimeSpan EventTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Pause after opening or dropping a watch stream when the target has a
    /// disconnect grace, so the server has seen the stream open or close
    /// before the clock moves (the protocol has no acknowledgement for it).
    /// Defaults to 50 ms.
    /// </summary>
    public TimeSpan SettleDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Spare time on top of the tolerance before a real-clock call near a deadline. Defaults to 200 ms.</summary>
    public TimeSpan Slack { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The time scale of generated lifetimes and advances, derived from the target's durations.</summary>
    public TimeSpan Unit { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Record the wire exchange for failing steps.</summary>
    public bool Trace { get; init; }

    /// <summary>User ids tokens are minted for.</summary>
    public IReadOnlyList<string> Users { get; init; } = ["alice", "bob", "carol"];

    /// <summary>
    /// Roles tokens draw from. Upper case, accents, a fullwidth letter and an
    /// emoji make ordinal-by-UTF-16 and ordinal-by-UTF-8 sorting disagree (SES-7).
    /// </summary>
    public IReadOnlyList<string> RolePool { get; init; } = ["editor", "admin", "Viewer", "\u00e9quipe", "\uff21gent", "\U0001F600fan"];

    /// <summary>
    /// Below this declared max_token_bytes the suite mints with one-letter
    /// users and roles (<see cref="Compact"/>), so that a small legal limit
    /// (TOK-2) still leaves room for the tokens the cases need.
    /// </summary>
    public const int CompactBelowTokenBytes = 1024;

    /// <summary>
    /// These settings with the shortest users and roles that keep what the
    /// cases rely on: distinct users, and roles whose UTF-16 and UTF-8
    /// orders still disagree (an upper-case, an accented, a fullwidth and an
    /// emoji first letter), so SES-7 is judged as in a full-size run.
    /// </summary>
    public RunSettings Compact() => this with
    {
        Users = ["a", "b", "c"],
        RolePool = ["e", "a", "V", "\u00e9", "\uff21", "\U0001F600"],
    };
}
