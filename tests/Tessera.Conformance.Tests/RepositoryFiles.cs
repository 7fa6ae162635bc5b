namespace Tessera.Conformance.Tests;

/// <summary>Finds files of the repository (SPEC.md) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SPEC.md")) && Directory.Exists(Path.Combine(dir.FullName, "conformance")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with SPEC.md) is not above " + AppContext.BaseDirectory);
    }

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Root(), relative));
}
