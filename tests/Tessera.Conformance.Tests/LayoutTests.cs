using System.Text.RegularExpressions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The layout README.md promises, checked: every test project sits in
/// <c>tests/</c>, named after the project it tests, every project is in
/// Conformance.sln, and every folder the README's layout table names exists.
/// A newcomer who trusts the README must not be sent somewhere that moved.
/// </summary>
public sealed class LayoutTests
{
    private static readonly string Root = RepositoryFiles.Root();

    private static IEnumerable<string> Projects() =>
        Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "obj" or "bin" or "node_modules" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void EveryTestProject_LivesInTests_NamedAfterTheProjectItTests()
    {
        var projects = Projects().ToList();
        var names = projects.Select(p => Path.GetFileNameWithoutExtension(p)).ToHashSet(StringComparer.Ordinal);
        var misplaced = projects
            .Where(p => Path.GetFileNameWithoutExtension(p).EndsWith(".Tests", StringComparison.Ordinal))
            .Where(p =>
            {
                var name = Path.GetFileNameWithoutExtension(p);
                return p != $"tests/{name}/{name}.csproj" || !names.Contains(name[..^".Tests".Length]);
            })
            .ToList();

        Assert.True(misplaced.Count == 0, "test projects not at tests/<Project>.Tests/ or testing no project of that name:\n" + string.Join('\n', misplaced));
        Assert.Contains("tests/Tessera.Conformance.Tests/Tessera.Conformance.Tests.csproj", projects);
    }

    [Fact]
    public void EveryProjectButTheExample_IsInTheSolution()
    {
        var solution = RepositoryFiles.Read("Conformance.sln").Replace('\\', '/');
        var missing = Projects()
            .Where(p => !p.StartsWith("examples/", StringComparison.Ordinal)) // built from packed packages, see README
            .Where(p => !solution.Contains($"\"{p}\"", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, "projects missing from Conformance.sln:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void EveryFolderTheReadmeLayoutTableNames_Exists()
    {
        var readme = RepositoryFiles.Read("README.md");
        var table = readme[readme.IndexOf("## Layout", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var paths = Regex.Matches(table, @"^\| `([^`]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("tests/", paths);
        var absent = paths.Where(p => !Directory.Exists(Path.Combine(Root, p)) && !File.Exists(Path.Combine(Root, p))).ToList();
        Assert.True(absent.Count == 0, "README layout rows naming nothing: " + string.Join(", ", absent));

        var testsRow = table.Split('\n').Single(line => line.StartsWith("| `tests/` |", StringComparison.Ordinal));
        var unnamed = Directory.EnumerateDirectories(Path.Combine(Root, "tests"))
            .Select(Path.GetFileName)
            .Where(name => !testsRow.Contains($"`{name}`", StringComparison.Ordinal))
            .ToList();
        Assert.True(unnamed.Count == 0, "test projects the README's tests/ row does not name: " + string.Join(", ", unnamed));
    }
}
