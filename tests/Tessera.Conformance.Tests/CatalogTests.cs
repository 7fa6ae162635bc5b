using System.Text.RegularExpressions;
using Tessera.Conformance.Cases;
using Tessera.Conformance.Requirements;

namespace Tessera.Conformance.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void RequirementCatalog_ComparedWithSpecMd_HasExactlyItsIds()
    {
        var spec = RepositoryFiles.Read("SPEC.md");
        var inSpec = Regex.Matches(spec, @"\*\*([A-Z]{3}-\d+)\*\*").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(inSpec);
        Assert.Equal(inSpec.Order(), RequirementCatalog.All.Select(r => r.Id).Order());
    }

    [Fact]
    public void RequirementCatalog_ShouldIds_AreTheSpecsShoulds()
    {
        var spec = RepositoryFiles.Read("SPEC.md");
        foreach (var requirement in RequirementCatalog.All.Where(r => r.CheckedBySuite))
        {
            var text = Regex.Match(spec, @"\*\*" + requirement.Id + @"\*\*(.*?)(?=\n- \*\*|\n## |\z)", RegexOptions.Singleline).Groups[1].Value;
            // Some definitions carry no keyword at all (TOK-13); they bind like a MUST.
            var level = text.Contains("SHOULD", StringComparison.Ordinal) && !text.Contains("MUST", StringComparison.Ordinal) ? RequirementLevel.Should : RequirementLevel.Must;
            Assert.True(level == requirement.Level, $"{requirement.Id} is {requirement.Level} in the catalog, {level} in SPEC.md");
        }
    }

    [Fact]
    public void CaseCatalog_EveryRequirementButClient_IsCheckedByACase()
    {
        var covered = ConformanceSuite.ListCases().SelectMany(c => c.Requirements).ToHashSet();
        var missing = RequirementCatalog.All.Where(r => r.CheckedBySuite && !covered.Contains(r.Id)).Select(r => r.Id).ToList();

        Assert.Empty(missing);
        Assert.DoesNotContain(covered, id => id.StartsWith("CLI-", StringComparison.Ordinal));
    }

    [Fact]
    public void CaseCatalog_EveryServerMust_IsCheckedByAFixedSequence()
    {
        // "Every MUST, every run": a generated property reaches a rule
        // only when its seed builds the right sequence, so each server MUST also
        // needs a case that is not a property (a scenario, a check, a probe).
        var fixedCases = ConformanceSuite.ListCases().Where(c => c.Kind != "property").SelectMany(c => c.Requirements).ToHashSet();
        var missing = RequirementCatalog.All
            .Where(r => r.CheckedBySuite && r.Level == RequirementLevel.Must && !fixedCases.Contains(r.Id))
            .Select(r => r.Id)
            .ToList();

        Assert.True(missing.Count == 0, "only generated properties check: " + string.Join(", ", missing));
    }

    [Fact]
    public void CaseCatalog_TransportIds_AreCheckedOnlyByTransportCases()
    {
        // TRN findings are reported in their own section, so no other case may name a TRN id.
        var cases = ConformanceSuite.ListCases();

        Assert.All(cases.Where(c => c.Requirements.Any(id => id.StartsWith("TRN-", StringComparison.Ordinal))),
            c => Assert.StartsWith("transport/", c.Name, StringComparison.Ordinal));
        Assert.All(cases.Where(c => c.Name.StartsWith("transport/", StringComparison.Ordinal)),
            c => Assert.All(c.Requirements, id => Assert.StartsWith("TRN-", id, StringComparison.Ordinal)));
    }

    [Fact]
    public void CaseCatalog_Cases_HaveUniqueNamesAndKnownIds()
    {
        var cases = ConformanceSuite.ListCases();

        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
        Assert.All(cases, c => Assert.All(c.Requirements, id => Assert.True(RequirementCatalog.Contains(id), $"{c.Name} names unknown id {id}")));
        Assert.All(cases, c => Assert.Matches("^[a-z0-9-]+/[a-z0-9-]+$", c.Name));
    }

    [Fact]
    public void CaseCatalog_ShutdownCase_IsLast()
    {
        Assert.True(CaseCatalog.All[^1].Info.NeedsShutdown);
    }

    [Theory]
    [InlineData("expiry/*", "expiry/timers", true)]
    [InlineData("EXP-*", "expiry/timers", true)]
    [InlineData("exp-1", "expiry/timers", true)]
    [InlineData("tok/tok-1?", "tok/tok-10", true)]
    [InlineData("tok/tok-1", "tok/tok-10", false)]
    [InlineData("CLK-4", "expiry/timers", false)]
    public void CasePattern_GlobOnNameOrId_MatchesAsGlobsDo(string pattern, string caseName, bool matches)
    {
        var info = ConformanceSuite.ListCases().Single(c => c.Name == caseName);

        Assert.Equal(matches, new Running.CasePattern(pattern).Matches(info));
    }

    [Fact]
    public void SelectCases_RunAndSkipPatterns_CombineAsFilters()
    {
        var selected = ConformanceSuite.SelectCases(["tok/*"], ["tok/err-4", "TOK-1?"]);

        Assert.Contains(selected, c => c.Name == "tok/tok-1");
        Assert.DoesNotContain(selected, c => c.Name == "tok/err-4");
        Assert.DoesNotContain(selected, c => c.Name == "tok/tok-10");
        Assert.All(selected, c => Assert.StartsWith("tok/", c.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void KnownFailingList_Parse_SkipsCommentsAndBlankLines()
    {
        var patterns = Running.KnownFailingList.Parse("# broken for now\nexpiry/timers  # EXP-1\n\n  tok/*\r\n");

        Assert.Equal(["expiry/timers", "tok/*"], patterns);
    }
}
