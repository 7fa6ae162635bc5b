using System.Reflection;
using System.Text.RegularExpressions;
using Tessera.Protocol;

namespace Tessera.Conformance.Tests;

/// <summary>
/// Requirement ids are named through <see cref="Req"/>, generated from SPEC.md,
/// so a misspelt <c>Req.EXP_33</c> does not compile. What the compiler cannot
/// see is checked here: no product code spells an id as a string literal (a
/// literal typo would surface as a KeyNotFoundException mid-run), and every id
/// mentioned in prose (messages, comments, proto comments) is one SPEC.md
/// defines.
/// </summary>
public sealed partial class RequirementIdLiteralTests
{
    private static readonly string[] ProductFolders = ["src", "conformance", "reference-client", "reference-server", "bench"];

    // This file's own examples of misspelt ids are the point of its theories.
    private const string ThisFile = "tests/Tessera.Conformance.Tests/RequirementIdLiteralTests.cs";

    private static readonly List<string> SpecIds = Regex.Matches(RepositoryFiles.Read("SPEC.md"), @"^- \*\*([A-Z]{3}-\d+)\*\*", RegexOptions.Multiline)
        .Select(m => m.Groups[1].Value)
        .ToList();

    private static readonly HashSet<string> Known = SpecIds.ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> Families = SpecIds.Select(id => id[..3]).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Req_ComparedWithSpecMd_HasOneConstantPerIdNamedAfterIt()
    {
        var constants = typeof(Req).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (f.Name, Value: (string)f.GetRawConstantValue()!))
            .ToList();

        Assert.Contains("EXP-3", SpecIds);
        Assert.Equal(SpecIds.Order(StringComparer.Ordinal), constants.Select(c => c.Value).Order(StringComparer.Ordinal));
        Assert.All(constants, c => Assert.Equal(c.Value.Replace('-', '_'), c.Name));
    }

    [Fact]
    public void ProductCode_SpellsNoRequirementIdAsAStringLiteral()
    {
        var offenders = Lines(ProductFolders, "*.cs")
            .SelectMany(x => LiteralOffences(x.Line).Select(offence => $"{x.Path}:{x.Number}: {offence}"))
            .ToList();

        Assert.True(offenders.Count == 0, "requirement ids spelled as string literals; name them through Tessera.Protocol.Req:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void CodeProtoAndTests_MentionOnlyIdsSpecMdDefines()
    {
        var unknown = Lines([.. ProductFolders, "tests"], "*.cs")
            .Where(x => x.Path != ThisFile)
            .Concat(Lines(["proto"], "*.proto"))
            .SelectMany(x => UnknownMentions(x.Line).Select(id => $"{x.Path}:{x.Number}: {id}"))
            .ToList();

        Assert.True(unknown.Count == 0, "ids SPEC.md does not define:\n" + string.Join('\n', unknown));
    }

    [Theory]
    [InlineData("Fail(reason, \"EXP-33\");", "\"EXP-33\" is no SPEC.md id (misspelt?)")]
    [InlineData("Fail(reason, \"EXP-3\");", "\"EXP-3\": write Req.EXP_3")]
    [InlineData("Fail(reason, Req.EXP_3);", null)]
    [InlineData("// expected by EXP-3, see \"SES-4\" too", "\"SES-4\": write Req.SES_4")]
    public void LiteralOffences_FlagIdLiteralsAndNamesTheFix(string line, string? offence)
    {
        List<string> expected = offence is null ? [] : [offence];

        Assert.Equal(expected, LiteralOffences(line));
    }

    [Theory]
    [InlineData("$\"the token is too long (TOK-2)\"", new string[0])]
    [InlineData("// replays after N (EVT-44)", new[] { "EVT-44" })]
    [InlineData("UTF-8 and SHA-256 are not requirement families; TOK-14 is a typo", new[] { "TOK-14" })]
    public void UnknownMentions_AreIdsOfSpecFamiliesThatSpecMdLacks(string line, string[] expected)
    {
        Assert.Equal(expected, UnknownMentions(line));
    }

    private static List<string> LiteralOffences(string line) =>
        IdLiteral().Matches(line)
            .Select(m => m.Groups[1].Value)
            .Select(id => Known.Contains(id) ? $"\"{id}\": write Req.{id.Replace('-', '_')}" : $"\"{id}\" is no SPEC.md id (misspelt?)")
            .ToList();

    private static List<string> UnknownMentions(string line) =>
        IdMention().Matches(line)
            .Select(m => m.Value)
            .Where(id => Families.Contains(id[..3]) && !Known.Contains(id))
            .ToList();

    private static IEnumerable<(string Path, int Number, string Line)> Lines(string[] folders, string pattern)
    {
        var root = RepositoryFiles.Root();
        return folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), pattern, SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "obj" or "bin" or "node_modules"))
            .Order(StringComparer.Ordinal)
            .SelectMany(path => File.ReadLines(Path.Combine(root, path)).Select((line, i) => (path, i + 1, line)));
    }

    [GeneratedRegex("\"([A-Z]{2,4}-[0-9]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex IdLiteral();

    [GeneratedRegex(@"\b[A-Z]{3}-[0-9]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex IdMention();
}
