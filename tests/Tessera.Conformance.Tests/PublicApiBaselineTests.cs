using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The public-API baseline covers every package. PublicApiAnalyzers
/// (Directory.Build.targets) fails the build when a packable project's surface
/// differs from its PublicAPI.Shipped.txt + PublicAPI.Unshipped.txt, but a
/// project without those files is not checked at all, silently. So: every
/// project marked IsPackable is one of Packages.slnf (what
/// scripts/pack-and-install.sh packs), and each of those has both files,
/// opening with <c>#nullable enable</c> (without it the analyzer tracks no
/// nullability, so <c>string</c> and <c>string?</c> read as the same API).
/// </summary>
public sealed partial class PublicApiBaselineTests
{
    private static readonly string Root = RepositoryFiles.Root();

    private static List<string> PackedProjects()
    {
        using var filter = JsonDocument.Parse(RepositoryFiles.Read("Packages.slnf"));
        return filter.RootElement.GetProperty("solution").GetProperty("projects").EnumerateArray()
            .Select(p => p.GetString()!.Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void EveryPackableProject_IsInPackagesSlnf()
    {
        var packable = Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "obj" or "bin" or "node_modules" || part.StartsWith('.')))
            .Where(path => IsPackable().IsMatch(File.ReadAllText(Path.Combine(Root, path))))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(PackedProjects(), packable);
    }

    [Fact]
    public void EveryPackedProject_DeclaresItsPublicApi()
    {
        var problems = new List<string>();
        foreach (var project in PackedProjects())
        {
            foreach (var file in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
            {
                var path = Path.Combine(Root, Path.GetDirectoryName(project)!, file);
                if (!File.Exists(path))
                {
                    problems.Add($"{project}: no {file}");
                }
                else if (File.ReadLines(path).FirstOrDefault() != "#nullable enable")
                {
                    problems.Add($"{project}: {file} does not open with #nullable enable");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\nrun scripts/refresh-public-api.sh (after creating both files with the line #nullable enable)");
    }

    [GeneratedRegex(@"<IsPackable>\s*true\s*</IsPackable>", RegexOptions.IgnoreCase)]
    private static partial Regex IsPackable();
}
