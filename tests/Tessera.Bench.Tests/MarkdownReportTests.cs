using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Tests;

public sealed class MarkdownReportTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bench-report-{Guid.NewGuid():N}.md");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void WriteInto_FileWithGeneratedBlock_ReplacesOnlyTheBlock()
    {
        File.WriteAllText(_path, $"# Benchmarks\n\nintro\n\n{Block("old")}\n## Analysis\n\nkept\n");

        MarkdownReport.WriteInto(_path, Block("new"));

        Assert.Equal($"# Benchmarks\n\nintro\n\n{Block("new")}\n## Analysis\n\nkept\n", File.ReadAllText(_path));
    }

    [Fact]
    public void WriteInto_MissingFile_CreatesItWithTheBlock()
    {
        MarkdownReport.WriteInto(_path, Block("new"));

        Assert.Equal($"# Benchmarks\n\n{Block("new")}", File.ReadAllText(_path));
    }

    private static string Block(string body) => $"{MarkdownReport.BeginMarker}\n{body}\n{MarkdownReport.EndMarker}\n";
}
