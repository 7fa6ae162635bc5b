using Tessera.Conformance.Model;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Execution;

/// <summary>
/// The answer the model predicts for one call: OK, or the first failing check
/// in ERR-4 order with the checks that also fail after it.
/// </summary>
internal sealed record Expectation
{
    /// <summary>Every failing check, in ERR-4 order; the first one is the answer. Empty: OK is expected.</summary>
    public IReadOnlyList<Rule> Failures { get; init; } = [];

    /// <summary>The requirements that demand OK (when <see cref="Failures"/> is empty).</summary>
    public IReadOnlyList<string> OkIds { get; init; } = [];

    /// <summary>Requirements a wrongly rejected token exercises (exact-size token, aud array...).</summary>
    public IReadOnlyList<string> ValidityIds { get; init; } = [];

    /// <summary>For SESSION_TERMINATED: the end_reason it must carry (ERR-5).</summary>
    public SessionEndReason EndReason { get; init; }

    /// <summary>What a valid but different end_reason breaks; empty: ERR-5 and END-3.</summary>
    public IReadOnlyList<string> EndReasonIds { get; init; } = [];

    /// <summary>Other answers SPEC.md allows too: reason names, or "OK" (END-3 after retention, EVT-4 beyond capacity).</summary>
    public IReadOnlyList<string> AlsoAcceptable { get; init; } = [];

    /// <summary>
    /// Ids to name when the answer is this other outcome ("OK" or a reason)
    /// instead of the expected one: a read that finds a session still live when
    /// it should be terminated breaks the rule that terminates it, not SES-6.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> IdsWhenActual { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public bool IsOk => Failures.Count == 0;

    public string? Reason => Failures.Count == 0 ? null : Failures[0].Reason;

    public static Expectation Ok(params IReadOnlyList<string> ids) => new() { OkIds = ids };

    public static Expectation Fail(string reason, params IReadOnlyList<string> ids) => new() { Failures = [new Rule(reason, ids)] };

    public static Expectation FromFailures(IReadOnlyList<Rule> failures, IReadOnlyList<string> okIds) =>
        new() { Failures = failures, OkIds = okIds };

    public string Describe()
    {
        var main = IsOk ? "OK" : Failures[0].Reason + (EndReason != SessionEndReason.Unspecified ? " end_reason=" + Format.EndReason(EndReason) : "");
        return AlsoAcceptable.Count == 0 ? main : main + " (or " + string.Join(" or ", AlsoAcceptable) + ")";
    }
}
