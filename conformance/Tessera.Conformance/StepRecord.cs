namespace Tessera.Conformance;

/// <summary>One executed command: what was sent, what the model expected, what came back, and what broke.</summary>
public sealed class StepRecord
{
    /// <summary>1-based position in the sequence.</summary>
    public required int Index { get; init; }

    /// <summary>
    /// The node the step's calls went to, "node 2 (http://127.0.0.1:5002/)",
    /// when the target is a cluster; null for a single target.
    /// </summary>
    public string? Node { get; internal set; }

    /// <summary>The command with its references resolved: "start i0 token(alice, roles=[a], exp=now+60s)".</summary>
    public string Command { get; internal set; } = "";

    /// <summary>What the model predicted; several lines when the step made several calls.</summary>
    public List<string> Expected { get; } = [];

    /// <summary>What the target answered.</summary>
    public List<string> Actual { get; } = [];

    /// <summary>The requirements broken at this step; empty when it matched the model.</summary>
    public List<Finding> Findings { get; } = [];

    /// <summary>The wire exchange of this step, when tracing was on and the step failed.</summary>
    public List<string> Wire { get; internal set; } = [];

    /// <summary>Set when the step sent nothing because its check does not apply to the target; null when it ran.</summary>
    public SkippedCheck? Skipped { get; set; }

    /// <summary>True when a MUST finding was recorded.</summary>
    public bool Failed => Findings.Exists(f => f.Level == Requirements.RequirementLevel.Must);
}
