using System.Text.RegularExpressions;

namespace Tessera.Conformance.Running;

/// <summary>
/// A glob over case names and requirement ids: <c>*</c> any run of
/// characters, <c>?</c> one. <c>expiry/*</c> picks cases by name,
/// <c>EXP-*</c> every case that checks an EXP requirement.
/// </summary>
internal sealed class CasePattern
{
    private readonly Regex _regex;

    public CasePattern(string glob)
    {
        Text = glob;
        _regex = new Regex("^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Text { get; }

    public bool Matches(CaseInfo info)
    {
        if (_regex.IsMatch(info.Name))
        {
            return true;
        }

        foreach (var id in info.Requirements)
        {
            if (_regex.IsMatch(id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Matches the case name only (known-failing lists name cases, not ids).</summary>
    public bool MatchesName(string name) => _regex.IsMatch(name);

    public static bool Any(IEnumerable<CasePattern> patterns, CaseInfo info) => patterns.Any(p => p.Matches(info));
}
