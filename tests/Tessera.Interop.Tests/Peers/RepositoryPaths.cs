namespace Tessera.Interop.Tests.Peers;

/// <summary>Where the repository and its interop peers are, found from the test binaries.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root: the first ancestor of the test binaries holding <c>Conformance.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>interop/</c>: the peer programs and their protos.</summary>
    public static string Interop => Path.Combine(Root, "interop");

    /// <summary><c>tools/node/node_modules</c>: the pinned npm packages (grpc-js, proto-loader).</summary>
    public static string NodeModules => Path.Combine(Root, "tools", "node", "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")) && Directory.Exists(Path.Combine(dir.FullName, "interop")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No ancestor of {AppContext.BaseDirectory} holds Conformance.sln and interop/.");
    }
}
